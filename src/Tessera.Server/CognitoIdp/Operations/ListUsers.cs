// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Users;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record ListUsersRequest(
    string UserPoolId,
    IReadOnlyList<string>? AttributesToGet,
    int? Limit,
    string? PaginationToken,
    string? Filter);

internal sealed record ListUsersResponse(IReadOnlyList<UserType> Users, string? PaginationToken);

[CognitoOperation("ListUsers")]
internal sealed class ListUsersHandler(UserMaintenance users)
    : IOperationHandler<ListUsersRequest, ListUsersResponse>
{
    public async ValueTask<ListUsersResponse> HandleAsync(ListUsersRequest request, CancellationToken cancellationToken)
    {
        // Limit is 0–60 in the model; 0 or none means the maximum page.
        var limit = request.Limit is null or 0 ? 60 : request.Limit.Value;
        var (page, next) = await users.ListAsync(request.UserPoolId, request.Filter, limit, request.PaginationToken, cancellationToken).ConfigureAwait(false);
        var only = request.AttributesToGet?.ToHashSet(StringComparer.Ordinal);
        return new ListUsersResponse(page.Select(u => UserType.From(u, only)).ToList(), next);
    }
}

[JsonSerializable(typeof(ListUsersRequest))]
[JsonSerializable(typeof(ListUsersResponse))]
internal sealed partial class ListUsersJsonContext : JsonSerializerContext;

// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.AuthEvents;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record AdminListUserAuthEventsRequest(string UserPoolId, string Username, int? MaxResults, string? NextToken);

internal sealed record AdminListUserAuthEventsResponse(IReadOnlyList<AuthEventType> AuthEvents, string? NextToken);

[CognitoOperation("AdminListUserAuthEvents")]
internal sealed class AdminListUserAuthEventsHandler(AuthEventService events)
    : IOperationHandler<AdminListUserAuthEventsRequest, AdminListUserAuthEventsResponse>
{
    public async ValueTask<AdminListUserAuthEventsResponse> HandleAsync(AdminListUserAuthEventsRequest request, CancellationToken cancellationToken)
    {
        var (page, next) = await events.ListAsync(request.UserPoolId, request.Username, request.MaxResults, request.NextToken, cancellationToken).ConfigureAwait(false);
        return new AdminListUserAuthEventsResponse(page.Select(AuthEventType.From).ToList(), next);
    }
}

[JsonSerializable(typeof(AdminListUserAuthEventsRequest))]
[JsonSerializable(typeof(AdminListUserAuthEventsResponse))]
internal sealed partial class AdminListUserAuthEventsJsonContext : JsonSerializerContext;

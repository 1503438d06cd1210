// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Identity;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdentity.Shapes;

namespace Tessera.Server.CognitoIdentity.Operations;

internal sealed record ListIdentitiesRequest(string IdentityPoolId, int MaxResults, string? NextToken, bool? HideDisabled);

internal sealed record ListIdentitiesResponse(string IdentityPoolId, IReadOnlyList<IdentityDescription> Identities, string? NextToken);

[AwsOperation("cognito-identity", "ListIdentities")]
internal sealed class ListIdentitiesHandler(IdentityService identities) : IOperationHandler<ListIdentitiesRequest, ListIdentitiesResponse>
{
    public async ValueTask<ListIdentitiesResponse> HandleAsync(ListIdentitiesRequest request, CancellationToken cancellationToken)
    {
        // Tessera never disables identities, so HideDisabled changes nothing.
        var (page, next) = await identities.ListAsync(request.IdentityPoolId, request.MaxResults, request.NextToken, cancellationToken).ConfigureAwait(false);
        return new ListIdentitiesResponse(request.IdentityPoolId, page.Select(IdentityDescription.From).ToList(), next);
    }
}

[JsonSerializable(typeof(ListIdentitiesRequest))]
[JsonSerializable(typeof(ListIdentitiesResponse))]
internal sealed partial class ListIdentitiesJsonContext : JsonSerializerContext;

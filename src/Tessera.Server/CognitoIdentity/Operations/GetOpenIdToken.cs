// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Identity;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdentity.Operations;

internal sealed record GetOpenIdTokenRequest(string IdentityId, Dictionary<string, string>? Logins);

internal sealed record GetOpenIdTokenResponse(string IdentityId, string Token);

[AwsOperation("cognito-identity", "GetOpenIdToken")]
internal sealed class GetOpenIdTokenHandler(IdentityService identities) : IOperationHandler<GetOpenIdTokenRequest, GetOpenIdTokenResponse>
{
    public async ValueTask<GetOpenIdTokenResponse> HandleAsync(GetOpenIdTokenRequest request, CancellationToken cancellationToken)
        => new(request.IdentityId, await identities.GetOpenIdTokenAsync(request.IdentityId, request.Logins, cancellationToken).ConfigureAwait(false));
}

[JsonSerializable(typeof(GetOpenIdTokenRequest))]
[JsonSerializable(typeof(GetOpenIdTokenResponse))]
internal sealed partial class GetOpenIdTokenJsonContext : JsonSerializerContext;

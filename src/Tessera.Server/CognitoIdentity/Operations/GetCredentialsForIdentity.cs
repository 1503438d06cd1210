// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Identity;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdentity.Shapes;

namespace Tessera.Server.CognitoIdentity.Operations;

internal sealed record GetCredentialsForIdentityRequest(string IdentityId, Dictionary<string, string>? Logins, string? CustomRoleArn);

internal sealed record GetCredentialsForIdentityResponse(string IdentityId, CredentialsType Credentials);

[AwsOperation("cognito-identity", "GetCredentialsForIdentity")]
internal sealed class GetCredentialsForIdentityHandler(IdentityService identities)
    : IOperationHandler<GetCredentialsForIdentityRequest, GetCredentialsForIdentityResponse>
{
    public async ValueTask<GetCredentialsForIdentityResponse> HandleAsync(GetCredentialsForIdentityRequest request, CancellationToken cancellationToken)
    {
        var (identityId, credentials) = await identities.GetCredentialsAsync(request.IdentityId, request.Logins, request.CustomRoleArn, cancellationToken).ConfigureAwait(false);
        return new GetCredentialsForIdentityResponse(identityId, CredentialsType.From(credentials));
    }
}

[JsonSerializable(typeof(GetCredentialsForIdentityRequest))]
[JsonSerializable(typeof(GetCredentialsForIdentityResponse))]
internal sealed partial class GetCredentialsForIdentityJsonContext : JsonSerializerContext;

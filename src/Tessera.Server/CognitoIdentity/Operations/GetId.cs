// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Identity;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdentity.Operations;

internal sealed record GetIdRequest(string IdentityPoolId, string? AccountId, Dictionary<string, string>? Logins);

internal sealed record GetIdResponse(string IdentityId);

[AwsOperation("cognito-identity", "GetId")]
internal sealed class GetIdHandler(IdentityService identities) : IOperationHandler<GetIdRequest, GetIdResponse>
{
    public async ValueTask<GetIdResponse> HandleAsync(GetIdRequest request, CancellationToken cancellationToken)
        => new(await identities.GetIdAsync(request.IdentityPoolId, request.Logins, cancellationToken).ConfigureAwait(false));
}

[JsonSerializable(typeof(GetIdRequest))]
[JsonSerializable(typeof(GetIdResponse))]
internal sealed partial class GetIdJsonContext : JsonSerializerContext;

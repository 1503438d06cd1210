// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Identity;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdentity.Operations;

internal sealed record UnlinkIdentityRequest(string IdentityId, Dictionary<string, string> Logins, IReadOnlyList<string> LoginsToRemove);

[AwsOperation("cognito-identity", "UnlinkIdentity")]
internal sealed class UnlinkIdentityHandler(IdentityService identities) : IOperationHandler<UnlinkIdentityRequest, EmptyResponse>
{
    public async ValueTask<EmptyResponse> HandleAsync(UnlinkIdentityRequest request, CancellationToken cancellationToken)
    {
        await identities.UnlinkAsync(request.IdentityId, request.Logins, request.LoginsToRemove, cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

[JsonSerializable(typeof(UnlinkIdentityRequest))]
internal sealed partial class UnlinkIdentityJsonContext : JsonSerializerContext;

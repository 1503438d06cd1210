// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Lifecycle;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record GlobalSignOutRequest(string AccessToken);

internal sealed record GlobalSignOutResponse();

[CognitoOperation("GlobalSignOut")]
internal sealed class GlobalSignOutHandler(SelfService self, SessionRevocation revocation)
    : IOperationHandler<GlobalSignOutRequest, GlobalSignOutResponse>
{
    public async ValueTask<GlobalSignOutResponse> HandleAsync(GlobalSignOutRequest request, CancellationToken cancellationToken)
    {
        var caller = await self.AuthenticateAsync(request.AccessToken, cancellationToken).ConfigureAwait(false);
        await revocation.SignOutEverywhereAsync(caller.User, cancellationToken).ConfigureAwait(false);
        return new GlobalSignOutResponse();
    }
}

[JsonSerializable(typeof(GlobalSignOutRequest))]
[JsonSerializable(typeof(GlobalSignOutResponse))]
internal sealed partial class GlobalSignOutJsonContext : JsonSerializerContext;

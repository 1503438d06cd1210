// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Serialization;
using Tessera.Core.Auth.Passkeys;
using Tessera.Core.Tokens;
using Tessera.Core.Users;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record StartWebAuthnRegistrationRequest(string AccessToken);

internal sealed record StartWebAuthnRegistrationResponse(JsonElement CredentialCreationOptions);

[CognitoOperation("StartWebAuthnRegistration")]
internal sealed class StartWebAuthnRegistrationHandler(AccessTokenValidator tokens, UserDirectory directory, PasskeyService passkeys)
    : IOperationHandler<StartWebAuthnRegistrationRequest, StartWebAuthnRegistrationResponse>
{
    public async ValueTask<StartWebAuthnRegistrationResponse> HandleAsync(StartWebAuthnRegistrationRequest request, CancellationToken cancellationToken)
    {
        var caller = await tokens.ValidateForUserPoolApiAsync(request.AccessToken, cancellationToken).ConfigureAwait(false);
        var pool = await directory.GetPoolAsync(caller.User.PoolId, cancellationToken).ConfigureAwait(false);
        return new StartWebAuthnRegistrationResponse(await passkeys.StartRegistrationAsync(pool, caller, cancellationToken).ConfigureAwait(false));
    }
}

[JsonSerializable(typeof(StartWebAuthnRegistrationRequest))]
[JsonSerializable(typeof(StartWebAuthnRegistrationResponse))]
internal sealed partial class StartWebAuthnRegistrationJsonContext : JsonSerializerContext;

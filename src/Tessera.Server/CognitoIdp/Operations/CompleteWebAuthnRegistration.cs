// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Serialization;
using Tessera.Core.Auth.Passkeys;
using Tessera.Core.Tokens;
using Tessera.Core.Users;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record CompleteWebAuthnRegistrationRequest(string AccessToken, JsonElement Credential);

internal sealed record CompleteWebAuthnRegistrationResponse;

[CognitoOperation("CompleteWebAuthnRegistration")]
internal sealed class CompleteWebAuthnRegistrationHandler(AccessTokenValidator tokens, UserDirectory directory, PasskeyService passkeys)
    : IOperationHandler<CompleteWebAuthnRegistrationRequest, CompleteWebAuthnRegistrationResponse>
{
    public async ValueTask<CompleteWebAuthnRegistrationResponse> HandleAsync(CompleteWebAuthnRegistrationRequest request, CancellationToken cancellationToken)
    {
        var caller = await tokens.ValidateForUserPoolApiAsync(request.AccessToken, cancellationToken).ConfigureAwait(false);
        var pool = await directory.GetPoolAsync(caller.User.PoolId, cancellationToken).ConfigureAwait(false);
        await passkeys.CompleteRegistrationAsync(pool, caller, request.Credential, cancellationToken).ConfigureAwait(false);
        return new CompleteWebAuthnRegistrationResponse();
    }
}

[JsonSerializable(typeof(CompleteWebAuthnRegistrationRequest))]
[JsonSerializable(typeof(CompleteWebAuthnRegistrationResponse))]
internal sealed partial class CompleteWebAuthnRegistrationJsonContext : JsonSerializerContext;

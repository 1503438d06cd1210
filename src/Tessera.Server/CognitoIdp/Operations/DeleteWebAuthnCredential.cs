// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Auth.Passkeys;
using Tessera.Core.Tokens;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record DeleteWebAuthnCredentialRequest(string AccessToken, string CredentialId);

internal sealed record DeleteWebAuthnCredentialResponse;

[CognitoOperation("DeleteWebAuthnCredential")]
internal sealed class DeleteWebAuthnCredentialHandler(AccessTokenValidator tokens, PasskeyService passkeys)
    : IOperationHandler<DeleteWebAuthnCredentialRequest, DeleteWebAuthnCredentialResponse>
{
    public async ValueTask<DeleteWebAuthnCredentialResponse> HandleAsync(DeleteWebAuthnCredentialRequest request, CancellationToken cancellationToken)
    {
        var caller = await tokens.ValidateForUserPoolApiAsync(request.AccessToken, cancellationToken).ConfigureAwait(false);
        await passkeys.DeleteAsync(caller.User, request.CredentialId, cancellationToken).ConfigureAwait(false);
        return new DeleteWebAuthnCredentialResponse();
    }
}

[JsonSerializable(typeof(DeleteWebAuthnCredentialRequest))]
[JsonSerializable(typeof(DeleteWebAuthnCredentialResponse))]
internal sealed partial class DeleteWebAuthnCredentialJsonContext : JsonSerializerContext;

// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Auth.Mfa;
using Tessera.Core.Errors;
using Tessera.Core.Tokens;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record VerifySoftwareTokenRequest(string? AccessToken, string? Session, string UserCode, string? FriendlyDeviceName);

internal sealed record VerifySoftwareTokenResponse(string Status, string? Session);

/// <summary>Confirms the secret from AssociateSoftwareToken with a code from the authenticator app.</summary>
[CognitoOperation("VerifySoftwareToken")]
internal sealed class VerifySoftwareTokenHandler(AccessTokenValidator tokens, MfaChallenges mfa, SoftwareTokenService softwareTokens)
    : IOperationHandler<VerifySoftwareTokenRequest, VerifySoftwareTokenResponse>
{
    public async ValueTask<VerifySoftwareTokenResponse> HandleAsync(VerifySoftwareTokenRequest request, CancellationToken cancellationToken)
    {
        if (request.AccessToken is not null)
        {
            var caller = await tokens.ValidateForUserPoolApiAsync(request.AccessToken, cancellationToken).ConfigureAwait(false);
            await softwareTokens.ConfirmAsync(caller.User, request.UserCode, cancellationToken).ConfigureAwait(false);
            return new VerifySoftwareTokenResponse("SUCCESS", null);
        }

        if (request.Session is null)
        {
            throw CognitoErrors.InvalidParameter("Either AccessToken or Session must be given.");
        }

        var (_, user, state) = await mfa.OpenSetupSessionAsync(request.Session, cancellationToken).ConfigureAwait(false);
        await softwareTokens.ConfirmAsync(user, request.UserCode, cancellationToken).ConfigureAwait(false);
        return new VerifySoftwareTokenResponse("SUCCESS", mfa.ResealSetupSession(state, verified: true));
    }
}

[JsonSerializable(typeof(VerifySoftwareTokenRequest))]
[JsonSerializable(typeof(VerifySoftwareTokenResponse))]
internal sealed partial class VerifySoftwareTokenJsonContext : JsonSerializerContext;

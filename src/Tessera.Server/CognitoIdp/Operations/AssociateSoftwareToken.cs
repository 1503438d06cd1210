// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Auth.Mfa;
using Tessera.Core.Errors;
using Tessera.Core.Tokens;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record AssociateSoftwareTokenRequest(string? AccessToken, string? Session);

internal sealed record AssociateSoftwareTokenResponse(string SecretCode, string? Session);

/// <summary>With an access token for a signed-in user, or with the Session of an MFA_SETUP challenge.</summary>
[CognitoOperation("AssociateSoftwareToken")]
internal sealed class AssociateSoftwareTokenHandler(AccessTokenValidator tokens, MfaChallenges mfa, SoftwareTokenService softwareTokens)
    : IOperationHandler<AssociateSoftwareTokenRequest, AssociateSoftwareTokenResponse>
{
    public async ValueTask<AssociateSoftwareTokenResponse> HandleAsync(AssociateSoftwareTokenRequest request, CancellationToken cancellationToken)
    {
        if (request.AccessToken is not null)
        {
            var caller = await tokens.ValidateForUserPoolApiAsync(request.AccessToken, cancellationToken).ConfigureAwait(false);
            return new AssociateSoftwareTokenResponse(await softwareTokens.AssociateAsync(caller.User, cancellationToken).ConfigureAwait(false), null);
        }

        if (request.Session is null)
        {
            throw CognitoErrors.InvalidParameter("Either AccessToken or Session must be given.");
        }

        var (_, user, state) = await mfa.OpenSetupSessionAsync(request.Session, cancellationToken).ConfigureAwait(false);
        var secret = await softwareTokens.AssociateAsync(user, cancellationToken).ConfigureAwait(false);
        return new AssociateSoftwareTokenResponse(secret, mfa.ResealSetupSession(state, verified: false));
    }
}

[JsonSerializable(typeof(AssociateSoftwareTokenRequest))]
[JsonSerializable(typeof(AssociateSoftwareTokenResponse))]
internal sealed partial class AssociateSoftwareTokenJsonContext : JsonSerializerContext;

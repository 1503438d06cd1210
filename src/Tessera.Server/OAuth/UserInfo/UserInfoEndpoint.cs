// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Clients;
using Tessera.Core.Errors;
using Tessera.Core.Tokens;
using Tessera.Core.Users;
using Tessera.Server.HostedUi;

namespace Tessera.Server.OAuth.UserInfo;

/// <summary><c>/oauth2/userInfo</c> (OIDC Core §5.3): for a valid, unrevoked access token with openid, the attributes its scopes name that its client reads.</summary>
internal static class UserInfoEndpoint
{
    private const string ExpiredMessage = "Access token is expired, disabled, or deleted, or the user has globally signed out.";

    public static async Task HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        if (await HostedUiRouting.ResolveAsync(context, cancellationToken).ConfigureAwait(false) is not { } domain)
        {
            await HostedUiPages.NotFoundAsync(context).ConfigureAwait(false);
            return;
        }

        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            await ChallengeAsync(context, 400, "invalid_request", "Bearer token is missing").ConfigureAwait(false);
            return;
        }

        AuthenticatedUser authenticated;
        try
        {
            authenticated = await context.RequestServices.GetRequiredService<AccessTokenValidator>().ValidateAsync(header["Bearer ".Length..].Trim(), cancellationToken).ConfigureAwait(false);
        }
        catch (CognitoException)
        {
            await ChallengeAsync(context, 401, "invalid_token", ExpiredMessage).ConfigureAwait(false);
            return;
        }

        var user = authenticated.User;
        if (user.PoolId != domain.PoolId)
        {
            await ChallengeAsync(context, 401, "invalid_token", ExpiredMessage).ConfigureAwait(false);
            return;
        }

        // AWS documents 401 invalid_token as userInfo's one answer to a token it does not accept, and a token
        // without openid (those of InitiateAuth and friends) is one (developer guide, "The user attributes endpoint").
        if (!AccessTokenScopes.OpensUserInfo(authenticated.Scopes))
        {
            await ChallengeAsync(context, 401, "invalid_token", ExpiredMessage).ConfigureAwait(false);
            return;
        }

        var client = await context.RequestServices.GetRequiredService<IAppClientStore>().FindAsync(authenticated.ClientId, cancellationToken).ConfigureAwait(false);
        var readable = new UserAttributeReads(client);
        OAuthResponses.NoStore(context);
        await OAuthResponses.WriteJsonAsync(context, w =>
        {
            w.WriteString("sub", user.Sub);
            foreach (var (name, value) in user.Attributes)
            {
                if (name != "sub" && readable.MayRead(name) && AccessTokenScopes.UserInfoReleases(authenticated.Scopes, name))
                {
                    // AWS's userInfo answers every attribute as a string, email_verified included.
                    w.WriteString(name, value);
                }
            }

            w.WriteString("username", user.Username);
        }).ConfigureAwait(false);
    }

    private static async Task ChallengeAsync(HttpContext context, int status, string error, string description)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.WWWAuthenticate = $"Bearer error=\"{error}\", error_description=\"{description}\"";
        await OAuthResponses.WriteJsonAsync(context, w =>
        {
            w.WriteString("error", error);
            w.WriteString("error_description", description);
        }).ConfigureAwait(false);
    }
}

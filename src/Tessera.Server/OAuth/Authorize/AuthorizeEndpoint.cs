// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.HostedUi;
using Tessera.Core.OAuth;
using Tessera.Core.Sessions;
using Tessera.Server.HostedUi;

namespace Tessera.Server.OAuth.Authorize;

/// <summary><c>GET /oauth2/authorize</c>: a code at once for a browser with a hosted-UI session, else the sign-in page.</summary>
internal static class AuthorizeEndpoint
{
    public static async Task HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        if (await HostedUiRouting.ResolveAsync(context, cancellationToken).ConfigureAwait(false) is not { } domain)
        {
            await HostedUiPages.NotFoundAsync(context).ConfigureAwait(false);
            return;
        }

        var services = context.RequestServices;
        var validation = await services.GetRequiredService<AuthorizeRequestValidator>().ValidateAsync(domain.PoolId, context.Request.Query, cancellationToken).ConfigureAwait(false);
        if (!validation.IsValid)
        {
            await WriteErrorAsync(context, validation).ConfigureAwait(false);
            return;
        }

        var request = validation.Request!;
        if (await Federation.FederationEndpoints.TryStartAsync(context, domain, request).ConfigureAwait(false))
        {
            return;
        }

        var session = services.GetRequiredService<HostedSessionSealer>().Open(context.Request.Cookies[HostedUiPage.SessionCookie], domain.PoolId);
        if (session is not null
            && await services.GetRequiredService<SessionService>().ResumeHostedUiAsync(domain.PoolId, session.SessionId, session.UserId, cancellationToken).ConfigureAwait(false) is { } user)
        {
            await RedirectWithCodeAsync(context, request, user.Id, DateTimeOffset.FromUnixTimeSeconds(session.AuthTime)).ConfigureAwait(false);
            return;
        }

        context.Response.Redirect($"{HostedUiRouting.Prefix(context, domain.Domain)}/login{context.Request.QueryString}");
    }

    /// <summary>Issues a code bound to the request and sends the browser to the callback with it and the untouched state.</summary>
    public static async Task RedirectWithCodeAsync(HttpContext context, AuthorizeRequest request, Guid userId, DateTimeOffset authTime)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tokens = context.RequestServices.GetRequiredService<OAuthTokenService>();
        var code = await tokens.IssueCodeAsync(new CodeGrant(request.Client, userId, request.RedirectUri, request.Scopes,
            request.CodeChallenge, request.CodeChallengeMethod, request.Nonce, authTime), context.RequestAborted).ConfigureAwait(false);
        OAuthResponses.NoStore(context);
        context.Response.Redirect(OAuthResponses.AppendQuery(request.RedirectUri, [new("code", code), new("state", request.State)]));
    }

    /// <summary>§4.1.2.1: back to the client when its redirect URI is trusted, else our own error page.</summary>
    public static Task WriteErrorAsync(HttpContext context, AuthorizeValidation validation)
    {
        ArgumentNullException.ThrowIfNull(validation);
        if (validation.ErrorRedirectUri is { } uri)
        {
            OAuthResponses.NoStore(context);
            context.Response.Redirect(OAuthResponses.AppendQuery(uri, [
                new("error", validation.Error),
                new("error_description", validation.Description),
                new("state", validation.State)]));
            return Task.CompletedTask;
        }

        return HostedUiPages.ErrorAsync(context, 400, validation.Error, validation.Description);
    }
}

// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.Options;
using Tessera.Core;
using Tessera.Core.Auth;
using Tessera.Core.Errors;
using Tessera.Core.HostedUi;
using Tessera.Core.Sessions;
using Tessera.Core.Users;
using Tessera.Server.OAuth;
using Tessera.Server.OAuth.Authorize;

namespace Tessera.Server.HostedUi;

/// <summary><c>/login</c>, the new-password step, <c>/logout</c> and the error pages of the hosted UI.</summary>
internal static class HostedUiPages
{
    private const string RequiredField = "requiredAttributes[";

    public static async Task LoginGetAsync(HttpContext context)
    {
        if (await ValidatedAsync(context).ConfigureAwait(false) is not { } page)
        {
            return;
        }

        await LoginFormAsync(context, page, 200, null, null).ConfigureAwait(false);
    }

    public static async Task LoginPostAsync(HttpContext context)
    {
        if (await ValidatedAsync(context).ConfigureAwait(false) is not { } page)
        {
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        if (!HostedUiPage.CsrfValid(context, form))
        {
            await ErrorAsync(context, 403, "invalid_request", "The form has expired or did not come from this page (CSRF token missing or invalid). Go back and try again.").ConfigureAwait(false);
            return;
        }

        var username = form["username"].ToString();
        var password = form["password"].ToString();
        if (username.Length == 0 || password.Length == 0)
        {
            await LoginFormAsync(context, page, 400, "Please enter your username and password.", username).ConfigureAwait(false);
            return;
        }

        SignInStep step;
        try
        {
            step = await context.RequestServices.GetRequiredService<SignInFlow>()
                .PasswordAsync(page.SignIn, username, password, hash: null, context.RequestAborted).ConfigureAwait(false);
        }
        catch (CognitoException e) when (e.StatusCode < 500)
        {
            await LoginFormAsync(context, page, 400, e.Message, username).ConfigureAwait(false);
            return;
        }

        await NextStepAsync(context, page, step).ConfigureAwait(false);
    }

    /// <summary>
    /// Where a sign-in step leads: the callback with a code once the user is proven (after a password sign-in, the passkey
    /// enrolment prompt first when <paramref name="offerPasskey"/> and the pool allows it), else the challenge's page.
    /// </summary>
    internal static async Task NextStepAsync(HttpContext context, PageContext page, SignInStep step, bool offerPasskey = true)
    {
        if (step.User is { } user)
        {
            if (!offerPasskey || !await PasskeyEnrollmentPages.TryOfferAsync(context, page, user).ConfigureAwait(false))
            {
                await SignedInAsync(context, page, user).ConfigureAwait(false);
            }

            return;
        }

        if (step.ChallengeName == SignInFlow.NewPasswordRequired)
        {
            await NewPasswordFormAsync(context, page, 200, null, step.Session!, RequiredAttributeNames(step)).ConfigureAwait(false);
            return;
        }

        await MfaPages.ChallengeAsync(context, page, step).ConfigureAwait(false);
    }

    public static async Task NewPasswordPostAsync(HttpContext context)
    {
        if (await ValidatedAsync(context).ConfigureAwait(false) is not { } page)
        {
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        if (!HostedUiPage.CsrfValid(context, form))
        {
            await ErrorAsync(context, 403, "invalid_request", "The form has expired or did not come from this page (CSRF token missing or invalid). Go back and try again.").ConfigureAwait(false);
            return;
        }

        var session = form["session"].ToString();
        var password = form["password"].ToString();
        // The fields the page showed for the required attributes the user lacks; SignInFlow decides what may be written.
        var schema = UserPoolSchema.Of(page.Pool);
        var attributes = form.Keys.Where(k => k.StartsWith(RequiredField, StringComparison.Ordinal) && k.EndsWith(']'))
            .Where(k => schema.Find(k[RequiredField.Length..^1]) is not null)
            .ToDictionary(k => k[RequiredField.Length..^1], k => form[k].ToString(), StringComparer.Ordinal);
        if (password != form["confirmPassword"].ToString())
        {
            await NewPasswordFormAsync(context, page, 400, "Passwords do not match.", session, attributes.Keys).ConfigureAwait(false);
            return;
        }

        SignInStep step;
        try
        {
            var responses = attributes.ToDictionary(a => "userAttributes." + a.Key, a => a.Value, StringComparer.Ordinal);
            responses["NEW_PASSWORD"] = password;
            var answer = new ChallengeResponse(SignInFlow.NewPasswordRequired, page.Request.Client.ClientId, session, responses, null, null);
            step = await context.RequestServices.GetRequiredService<SignInFlow>()
                .NewPasswordAsync(page.SignIn, answer, context.RequestAborted).ConfigureAwait(false);
        }
        catch (CognitoException e) when (e.StatusCode < 500)
        {
            // An expired or forged session cannot be retried from this form: start over at sign-in.
            if (e.Code == "NotAuthorizedException")
            {
                await LoginFormAsync(context, page, 400, e.Message, null).ConfigureAwait(false);
                return;
            }

            await NewPasswordFormAsync(context, page, 400, e.Message, session, attributes.Keys).ConfigureAwait(false);
            return;
        }

        await NextStepAsync(context, page, step).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>GET /logout</c>: clears the session and goes to a registered LogoutURL, or back to sign-in with a registered
    /// callback; any other target is refused on our own page, so /logout is never an open redirect.
    /// </summary>
    public static async Task LogoutAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        if (await HostedUiRouting.ResolveAsync(context, cancellationToken).ConfigureAwait(false) is not { } domain)
        {
            await NotFoundAsync(context).ConfigureAwait(false);
            return;
        }

        var query = context.Request.Query;
        var clientId = query["client_id"].ToString();
        var client = clientId.Length == 0 ? null : await context.RequestServices.GetRequiredService<Tessera.Core.Clients.IAppClientStore>().FindAsync(clientId, cancellationToken).ConfigureAwait(false);
        if (client is null || client.PoolId != domain.PoolId)
        {
            await ErrorAsync(context, 400, "invalid_request", "Required String parameter 'client_id' is not present or is not a client of this user pool.").ConfigureAwait(false);
            return;
        }

        var prefix = HostedUiRouting.Prefix(context, domain.Domain);
        var logoutUri = query["logout_uri"].ToString();
        string target;
        if (logoutUri.Length > 0)
        {
            if (client.Settings.LogoutURLs?.Contains(logoutUri, StringComparer.Ordinal) != true)
            {
                await ErrorAsync(context, 400, "invalid_request", "logout_uri is not a sign-out URL registered for the client.").ConfigureAwait(false);
                return;
            }

            target = logoutUri;
        }
        else
        {
            var validation = await context.RequestServices.GetRequiredService<AuthorizeRequestValidator>().ValidateAsync(domain.PoolId, query, cancellationToken).ConfigureAwait(false);
            if (query["redirect_uri"].Count == 0 || !validation.IsValid)
            {
                await ErrorAsync(context, 400, "invalid_request", "A registered logout_uri, or a registered redirect_uri with response_type, is required.").ConfigureAwait(false);
                return;
            }

            target = $"{prefix}/login{context.Request.QueryString}";
        }

        // The session ends on the server too, so a copy of the cookie taken before sign-out no longer signs anyone in.
        if (context.RequestServices.GetRequiredService<HostedSessionSealer>().Open(context.Request.Cookies[HostedUiPage.SessionCookie], domain.PoolId) is { } session)
        {
            await context.RequestServices.GetRequiredService<SessionService>().EndAsync(session.SessionId, SessionEndReason.Logout, cancellationToken).ConfigureAwait(false);
        }

        context.Response.Cookies.Delete(HostedUiPage.SessionCookie, HostedUiPage.CookieOptions(context, CookiePath(prefix), null));
        // A session that came from a SAML IdP with IDPSignout is ended there too before the browser reaches the target.
        if (await Federation.FederationEndpoints.TrySamlSignOutAsync(context, domain, prefix, target).ConfigureAwait(false))
        {
            return;
        }

        OAuthResponses.NoStore(context);
        context.Response.Redirect(target);
    }

    public static async Task LogoAsync(HttpContext context, string poolId, string clientId)
    {
        var customization = await context.RequestServices.GetRequiredService<HostedUiService>().EffectiveCustomizationAsync(poolId, clientId, context.RequestAborted).ConfigureAwait(false);
        if (customization?.Image is not { } image)
        {
            context.Response.StatusCode = 404;
            return;
        }

        context.Response.ContentType = customization.ImageContentType ?? "application/octet-stream";
        context.Response.Headers.CacheControl = "public, max-age=300";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        await context.Response.Body.WriteAsync(image, context.RequestAborted).ConfigureAwait(false);
    }

    public static Task NotFoundAsync(HttpContext context) => ErrorAsync(context, 404, "not_found", "No user pool domain is configured at this address.");

    public static Task ErrorAsync(HttpContext context, int status, string error, string? description)
        => HostedUiPage.WriteAsync(context, status, "Error", $"<h1>An error was encountered</h1><p id=\"errorCode\">{HostedUiPage.Encode(error)}</p>{HostedUiPage.ErrorBlock(description)}", null, null);

    internal static string CookiePath(string prefix) => prefix.Length == 0 ? "/" : prefix + "/";

    internal static async Task SignedInAsync(HttpContext context, PageContext page, User user)
    {
        var session = await StartSessionAsync(context, page, user).ConfigureAwait(false);
        await AuthorizeEndpoint.RedirectWithCodeAsync(context, page.Request, user.Id, session.CreatedAt).ConfigureAwait(false);
    }

    /// <summary>Starts the user's hosted-UI session and sets its sealed cookie.</summary>
    internal static async Task<UserSession> StartSessionAsync(HttpContext context, PageContext page, User user)
    {
        var session = await context.RequestServices.GetRequiredService<SessionService>().StartAsync(
            user, page.Request.Client.ClientId, SessionKind.HostedUi, SessionService.HostedUiLifetime, id: null, context.RequestAborted).ConfigureAwait(false);
        var sealer = context.RequestServices.GetRequiredService<HostedSessionSealer>();
        context.Response.Cookies.Append(HostedUiPage.SessionCookie, sealer.Seal(session),
            HostedUiPage.CookieOptions(context, CookiePath(page.Prefix), SessionService.HostedUiLifetime));
        return session;
    }

    internal static async Task LoginFormAsync(HttpContext context, PageContext page, int status, string? error, string? username, string? notice = null)
    {
        var csrf = HostedUiPage.CsrfToken(context, CookiePath(page.Prefix));
        var query = HostedUiPage.Encode(context.Request.QueryString.Value);
        var body = "<h1 class=\"textDescription-customizable\">Sign in with your username and password</h1>"
            + HostedUiPage.ErrorBlock(error)
            + HostedUiPage.NoticeBlock(notice)
            + Federation.FederationButtons.Html(page.Request.Client, page.Prefix, query)
            + (!Federation.FederationButtons.ShowsPasswordForm(page.Request.Client) ? string.Empty
                : $"<form name=\"cognitoSignInForm\" method=\"post\" action=\"{HostedUiPage.Encode(page.Prefix)}/login{query}\" novalidate>"
                + HostedUiPage.Hidden(HostedUiPage.CsrfField, csrf)
                + HostedUiPage.Field("signInFormUsername", "username", "Username", "text", "username", username)
                + HostedUiPage.Field("signInFormPassword", "password", "Password", "password", "current-password")
                + $"<a class=\"redirect-customizable\" href=\"{HostedUiPage.Encode(page.Prefix)}/forgotPassword{query}\">Forgot your password?</a>"
                + HostedUiPage.Submit("signInSubmitButton", "Sign in")
                + "</form>")
            + PasswordlessPages.LoginOptions(context, page, username)
            + (page.Pool.Settings.AdminCreateUserConfig?.AllowAdminCreateUserOnly == true ? string.Empty
                : $"<span class=\"textDescription-customizable\">Need an account? <a class=\"redirect-customizable\" href=\"{HostedUiPage.Encode(page.Prefix)}/signup{query}\">Sign up</a></span>");
        await WritePageAsync(context, page, status, "Signin", body).ConfigureAwait(false);
    }

    /// <summary>The attributes a NEW_PASSWORD_REQUIRED challenge asks for (its <c>requiredAttributes</c>, <c>userAttributes.</c> names).</summary>
    private static List<string> RequiredAttributeNames(SignInStep step)
    {
        if (step.ChallengeParameters?.GetValueOrDefault("requiredAttributes") is not { } json)
        {
            return [];
        }

        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray()
            .Select(e => e.GetString() ?? string.Empty)
            .Where(n => n.StartsWith("userAttributes.", StringComparison.Ordinal))
            .Select(n => n["userAttributes.".Length..])
            .ToList();
    }

    private static async Task NewPasswordFormAsync(HttpContext context, PageContext page, int status, string? error, string session, IEnumerable<string> required)
    {
        var fields = string.Concat(required.Select(name => HostedUiPage.Field("newPassword_" + name, $"{RequiredField}{name}]", name.Replace('_', ' '), "text", "on")));
        var csrf = HostedUiPage.CsrfToken(context, CookiePath(page.Prefix));
        var query = HostedUiPage.Encode(context.Request.QueryString.Value);
        var body = "<h1 class=\"textDescription-customizable\">Change Password</h1>"
            + "<p class=\"textDescription-customizable\">Please enter a new password.</p>"
            + HostedUiPage.ErrorBlock(error)
            + $"<form name=\"cognitoNewPasswordForm\" method=\"post\" action=\"{HostedUiPage.Encode(page.Prefix)}/newPassword{query}\" novalidate>"
            + HostedUiPage.Hidden(HostedUiPage.CsrfField, csrf)
            + HostedUiPage.Hidden("session", session)
            + fields
            + HostedUiPage.Field("newPassword", "password", "New Password", "password", "new-password")
            + HostedUiPage.Field("confirmPassword", "confirmPassword", "Enter New Password Again", "password", "new-password")
            + HostedUiPage.Submit("reset_password", "Send")
            + "</form>";
        await WritePageAsync(context, page, status, "Change Password", body).ConfigureAwait(false);
    }

    internal static async Task WritePageAsync(HttpContext context, PageContext page, int status, string title, string body, string? script = null)
    {
        var services = context.RequestServices;
        var customization = await services.GetRequiredService<HostedUiService>().EffectiveCustomizationAsync(page.Pool.Id, page.Request.Client.ClientId, context.RequestAborted).ConfigureAwait(false);
        string? logo = null;
        if (customization?.Image is not null)
        {
            var publicUrl = services.GetRequiredService<IOptions<TesseraOptions>>().Value.PublicUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');
            logo = $"{publicUrl}/{page.Pool.Id}/ui/{page.Request.Client.ClientId}/logo?v={customization.Version}";
        }

        await HostedUiPage.WriteAsync(context, status, title, body, script, customization, logo, [page.Request.RedirectUri]).ConfigureAwait(false);
    }

    /// <summary>Resolves the domain and validates the authorize parameters a page carries; writes the error itself when that fails.</summary>
    internal static async Task<PageContext?> ValidatedAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        if (await HostedUiRouting.ResolveAsync(context, cancellationToken).ConfigureAwait(false) is not { } domain)
        {
            await NotFoundAsync(context).ConfigureAwait(false);
            return null;
        }

        var services = context.RequestServices;
        var validation = await services.GetRequiredService<AuthorizeRequestValidator>().ValidateAsync(domain.PoolId, context.Request.Query, cancellationToken).ConfigureAwait(false);
        if (!validation.IsValid)
        {
            await AuthorizeEndpoint.WriteErrorAsync(context, validation).ConfigureAwait(false);
            return null;
        }

        var pool = await services.GetRequiredService<UserDirectory>().GetPoolAsync(domain.PoolId, cancellationToken).ConfigureAwait(false);
        return new PageContext(pool, validation.Request!, HostedUiRouting.Prefix(context, domain.Domain));
    }

    internal sealed record PageContext(Tessera.Core.Pools.UserPool Pool, AuthorizeRequest Request, string Prefix)
    {
        /// <summary>The hosted UI's sign-ins take the same <see cref="SignInFlow"/> as InitiateAuth, through their own channel.</summary>
        public SignInContext SignIn => new(Pool, Request.Client, SignInChannel.HostedUi);
    }
}

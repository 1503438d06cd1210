// SPDX-License-Identifier: Apache-2.0
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Tessera.Core;
using Tessera.Core.Federation;
using Tessera.Core.HostedUi;
using Tessera.Core.Sessions;
using Tessera.Core.Users;
using Tessera.Server.HostedUi;
using Tessera.Server.OAuth;
using Tessera.Server.OAuth.Authorize;

namespace Tessera.Server.Federation;

/// <summary>
/// Sign-in through an external provider: <c>/oauth2/authorize</c> with <c>identity_provider</c> or <c>idp_identifier</c>
/// sends the browser upstream, and <c>/oauth2/idpresponse</c> takes the answer, signs the user in and sends the browser
/// on to the app with a code, as a hosted-UI sign-in does.
/// </summary>
internal static partial class FederationEndpoints
{
    public const string StateCookie = "tessera-federation";

    /// <summary>The SAML NameID and SessionIndex of a hosted-UI session that came from a SAML IdP, for single logout.</summary>
    public const string SamlSessionCookie = "tessera-saml-session";

    /// <summary>
    /// Handles an authorize request that names a provider; false when it names none (or COGNITO), and the hosted
    /// sign-in goes on as usual.
    /// </summary>
    public static async Task<bool> TryStartAsync(HttpContext context, UserPoolDomain domain, AuthorizeRequest request)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(request);
        var query = context.Request.Query;
        var name = query["identity_provider"].ToString();
        var identifier = query["idp_identifier"].ToString();
        if ((name.Length == 0 && identifier.Length == 0) || name == ProviderTypes.Cognito)
        {
            return false;
        }

        var services = context.RequestServices;
        var store = services.GetRequiredService<IIdentityProviderStore>();
        IdentityProvider? provider = null;
        if (name.Length > 0)
        {
            provider = await store.FindAsync(domain.PoolId, name, context.RequestAborted).ConfigureAwait(false);
        }
        else
        {
            var all = await store.ListAsync(domain.PoolId, context.RequestAborted).ConfigureAwait(false);
            provider = all.FirstOrDefault(p => p.IdpIdentifiers.Contains(identifier, StringComparer.OrdinalIgnoreCase)
                && request.Client.Settings.SupportedIdentityProviders?.Contains(p.ProviderName, StringComparer.Ordinal) == true);
        }

        if (provider is null || request.Client.Settings.SupportedIdentityProviders?.Contains(provider.ProviderName, StringComparer.Ordinal) != true)
        {
            await HostedUiPages.ErrorAsync(context, 400, "invalid_request", "The identity provider does not exist or is not enabled for this app client.").ConfigureAwait(false);
            return true;
        }

        var sealer = services.GetRequiredService<FederationStateSealer>();
        var state = sealer.Start(domain.PoolId, provider.ProviderName, context.Request.QueryString.Value ?? string.Empty);
        var prefix = HostedUiRouting.Prefix(context, domain.Domain);
        string upstream;
        try
        {
            upstream = provider.ProviderType == ProviderTypes.Saml
                ? await services.GetRequiredService<SamlFederation>().AuthnRequestUrlAsync(provider, AcsUrl(context, domain, prefix), state, context.RequestAborted).ConfigureAwait(false)
                : OidcFederation.AuthorizeUrl(provider, ResponseUrl(context, domain, prefix), state);
        }
        catch (FederationException e)
        {
            await HostedUiPages.ErrorAsync(context, 400, e.Error, e.Message).ConfigureAwait(false);
            return true;
        }

        RedirectUpstream(context, sealer, state, prefix, upstream);
        return true;
    }

    /// <summary>
    /// <c>/oauth2/idpresponse</c>: the upstream provider's answer, accepted only in the browser that asked; a GET with
    /// the answer in the query, or a POST with it in the form (OAuth 2.0 form_post, as Sign in with Apple answers).
    /// </summary>
    public static async Task IdpResponseAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        if (await HostedUiRouting.ResolveAsync(context, cancellationToken).ConfigureAwait(false) is not { } domain)
        {
            await HostedUiPages.NotFoundAsync(context).ConfigureAwait(false);
            return;
        }

        var services = context.RequestServices;
        IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> answer = HttpMethods.IsPost(context.Request.Method) && context.Request.HasFormContentType
            ? await context.Request.ReadFormAsync(cancellationToken).ConfigureAwait(false)
            : context.Request.Query;
        var query = answer.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var prefix = HostedUiRouting.Prefix(context, domain.Domain);
        var state = services.GetRequiredService<FederationStateSealer>().Open(context.Request.Cookies[StateCookie], domain.PoolId, query.GetValueOrDefault("state").ToString());
        // One answer per sign-in: the state cannot be replayed, whatever happens next.
        context.Response.Cookies.Delete(StateCookie, StateCookieOptions(context, prefix, null));
        if (state is null)
        {
            await HostedUiPages.ErrorAsync(context, 400, "invalid_request", "The sign-in has expired or was started in another browser. Start again from the app.").ConfigureAwait(false);
            return;
        }

        var authorizeQuery = new QueryCollection(QueryHelpers.ParseQuery(state.AuthorizeQuery));
        var validation = await services.GetRequiredService<AuthorizeRequestValidator>().ValidateAsync(domain.PoolId, authorizeQuery, cancellationToken).ConfigureAwait(false);
        if (!validation.IsValid)
        {
            await AuthorizeEndpoint.WriteErrorAsync(context, validation).ConfigureAwait(false);
            return;
        }

        var request = validation.Request!;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Tessera.Federation");
        try
        {
            var upstreamError = query.GetValueOrDefault("error").ToString();
            if (upstreamError.Length > 0)
            {
                // RFC 6749 §4.1.2.1: the user declined, or the provider refused; the app hears access_denied or server_error only.
                throw new FederationException(upstreamError == "access_denied" ? "access_denied" : "server_error",
                    "The identity provider did not sign the user in.", $"upstream error {upstreamError}: {query.GetValueOrDefault("error_description")}");
            }

            var code = query.GetValueOrDefault("code").ToString();
            if (code.Length == 0)
            {
                throw new FederationException("invalid_request", "The identity provider's answer has no code.", "no code");
            }

            var provider = await services.GetRequiredService<IIdentityProviderStore>().FindAsync(domain.PoolId, state.ProviderName, cancellationToken).ConfigureAwait(false)
                ?? throw new FederationException("invalid_request", "The identity provider no longer exists.", $"{state.ProviderName} deleted");
            var claims = await services.GetRequiredService<OidcFederation>().CompleteAsync(provider, code, ResponseUrl(context, domain, prefix), state, cancellationToken).ConfigureAwait(false);
            await SignInAsync(context, provider, claims, request, prefix).ConfigureAwait(false);
        }
        catch (FederationException e)
        {
            LogRefused(logger, state.ProviderName, domain.PoolId, e.Error, e.Detail ?? e.Message);
            OAuthResponses.NoStore(context);
            context.Response.Redirect(OAuthResponses.AppendQuery(request.RedirectUri, [
                new("error_description", e.Message),
                new("error", e.Error),
                new("state", request.State)]));
        }
    }

    /// <summary>
    /// <c>POST /saml2/idpresponse</c>: a SAML IdP's answer (HTTP-POST binding). An answer to a sign-in this browser started
    /// carries its state as RelayState; any other is unsolicited, taken only from a provider with IDPInit, with the
    /// authorize parameters in RelayState as Cognito documents. Every refusal ends on Tessera's error page.
    /// </summary>
    public static async Task SamlResponseAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        if (await HostedUiRouting.ResolveAsync(context, cancellationToken).ConfigureAwait(false) is not { } domain)
        {
            await HostedUiPages.NotFoundAsync(context).ConfigureAwait(false);
            return;
        }

        var services = context.RequestServices;
        var prefix = HostedUiRouting.Prefix(context, domain.Domain);
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(cancellationToken).ConfigureAwait(false) : FormCollection.Empty;
        var relayState = form["RelayState"].ToString();
        var state = services.GetRequiredService<FederationStateSealer>().Open(context.Request.Cookies[StateCookie], domain.PoolId, relayState);
        context.Response.Cookies.Delete(StateCookie, StateCookieOptions(context, prefix, null));
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Tessera.Federation");
        var store = services.GetRequiredService<IIdentityProviderStore>();
        var authorizeQuery = state?.AuthorizeQuery ?? (relayState.StartsWith('?') ? relayState : "?" + relayState);
        var validation = await services.GetRequiredService<AuthorizeRequestValidator>().ValidateAsync(
            domain.PoolId, new QueryCollection(QueryHelpers.ParseQuery(authorizeQuery)), cancellationToken).ConfigureAwait(false);
        IdentityProvider? provider = null;
        try
        {
            if (state is not null)
            {
                provider = await store.FindAsync(domain.PoolId, state.ProviderName, cancellationToken).ConfigureAwait(false);
            }
            else if (validation.IsValid)
            {
                // IdP-initiated: RelayState holds what the app would have sent to /oauth2/authorize.
                var relay = QueryHelpers.ParseQuery(authorizeQuery);
                var name = relay.GetValueOrDefault("identity_provider").ToString();
                var identifier = relay.GetValueOrDefault("idp_identifier").ToString();
                var all = await store.ListAsync(domain.PoolId, cancellationToken).ConfigureAwait(false);
                provider = all.FirstOrDefault(p => p.ProviderType == ProviderTypes.Saml
                    && (name.Length > 0 ? p.ProviderName == name : identifier.Length > 0 && p.IdpIdentifiers.Contains(identifier, StringComparer.OrdinalIgnoreCase)));
                if (provider?.Details.GetValueOrDefault("IDPInit") != "true")
                {
                    throw new FederationException("invalid_request", "The identity provider's answer was not requested by this browser, and the provider does not allow IdP-initiated sign-in.",
                        $"unsolicited response for {(name.Length > 0 ? name : identifier)}");
                }
            }

            if (provider is null || provider.ProviderType != ProviderTypes.Saml)
            {
                throw new FederationException("invalid_request", "The sign-in has expired or was started in another browser. Start again from the app.", "no state and no IdP-initiated relay state");
            }

            if (!validation.IsValid || validation.Request!.Client.Settings.SupportedIdentityProviders?.Contains(provider.ProviderName, StringComparer.Ordinal) != true)
            {
                throw new FederationException("invalid_request", "The identity provider is not enabled for this app client.", $"relay state does not name a client of {provider.ProviderName}");
            }

            var (claims, session) = await services.GetRequiredService<SamlFederation>().CompleteAsync(provider, form["SAMLResponse"].ToString(), AcsUrl(context, domain, prefix), state, cancellationToken).ConfigureAwait(false);
            var user = await SignInAsync(context, provider, claims, validation.Request, prefix).ConfigureAwait(false);
            context.Response.Cookies.Append(SamlSessionCookie, services.GetRequiredService<SamlSessionSealer>().Seal(session with { UserId = user.Id }),
                HostedUiPage.CookieOptions(context, HostedUiPages.CookiePath(prefix), SessionService.HostedUiLifetime));
        }
        catch (FederationException e)
        {
            LogRefused(logger, provider?.ProviderName ?? state?.ProviderName ?? "(unknown)", domain.PoolId, e.Error, e.Detail ?? e.Message);
            await HostedUiPages.ErrorAsync(context, 400, e.Error, e.Message).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Called by <c>/logout</c> once the hosted-UI session has ended: when that session came from a SAML IdP with
    /// IDPSignout, sends the browser to the IdP's SingleLogoutService with a signed LogoutRequest and returns true; the
    /// IdP's LogoutResponse at <c>/saml2/logout</c> then goes on to <paramref name="target"/>.
    /// </summary>
    public static async Task<bool> TrySamlSignOutAsync(HttpContext context, UserPoolDomain domain, string prefix, string target)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var services = context.RequestServices;
        var session = services.GetRequiredService<SamlSessionSealer>().Open(context.Request.Cookies[SamlSessionCookie], domain.PoolId);
        if (session is null)
        {
            return false;
        }

        context.Response.Cookies.Delete(SamlSessionCookie, HostedUiPage.CookieOptions(context, HostedUiPages.CookiePath(prefix), null));
        var provider = await services.GetRequiredService<IIdentityProviderStore>().FindAsync(domain.PoolId, session.ProviderName, context.RequestAborted).ConfigureAwait(false);
        if (provider?.ProviderType != ProviderTypes.Saml)
        {
            return false;
        }

        var sealer = services.GetRequiredService<FederationStateSealer>();
        var state = sealer.Start(domain.PoolId, provider.ProviderName, target);
        string? url;
        try
        {
            url = await services.GetRequiredService<SamlFederation>().LogoutRequestUrlAsync(provider, session, state, context.RequestAborted).ConfigureAwait(false);
        }
        catch (FederationException)
        {
            url = null;
        }

        if (url is null)
        {
            return false;
        }

        RedirectUpstream(context, sealer, state, prefix, url);
        return true;
    }

    /// <summary>
    /// <c>POST /saml2/logout</c> (HTTP-POST binding): the IdP's LogoutResponse to our sign-out, after which the browser goes
    /// on where <c>/logout</c> was sending it; or the IdP's own LogoutRequest (IdP-initiated single logout), which ends the
    /// user's sessions and is answered with a signed LogoutResponse.
    /// </summary>
    public static async Task SamlLogoutAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        if (await HostedUiRouting.ResolveAsync(context, cancellationToken).ConfigureAwait(false) is not { } domain)
        {
            await HostedUiPages.NotFoundAsync(context).ConfigureAwait(false);
            return;
        }

        var services = context.RequestServices;
        var prefix = HostedUiRouting.Prefix(context, domain.Domain);
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(cancellationToken).ConfigureAwait(false) : FormCollection.Empty;
        if (form["SAMLRequest"].ToString() is { Length: > 0 } logoutRequest)
        {
            await IdpLogoutAsync(context, domain, prefix, logoutRequest, form["RelayState"].ToString()).ConfigureAwait(false);
            return;
        }

        var state = services.GetRequiredService<FederationStateSealer>().Open(context.Request.Cookies[StateCookie], domain.PoolId, form["RelayState"].ToString());
        context.Response.Cookies.Delete(StateCookie, StateCookieOptions(context, prefix, null));
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Tessera.Federation");
        try
        {
            if (state is null)
            {
                throw new FederationException("invalid_request", "The sign-out has expired or was started in another browser.", "no state for the LogoutResponse");
            }

            var provider = await services.GetRequiredService<IIdentityProviderStore>().FindAsync(domain.PoolId, state.ProviderName, cancellationToken).ConfigureAwait(false)
                ?? throw new FederationException("invalid_request", "The identity provider no longer exists.", $"{state.ProviderName} deleted");
            services.GetRequiredService<SamlFederation>().CompleteLogout(provider, form["SAMLResponse"].ToString(), SloUrl(context, domain, prefix), state);
            OAuthResponses.NoStore(context);
            context.Response.Redirect(state.AuthorizeQuery);
        }
        catch (FederationException e)
        {
            LogRefused(logger, state?.ProviderName ?? "(unknown)", domain.PoolId, e.Error, e.Detail ?? e.Message);
            await HostedUiPages.ErrorAsync(context, 400, e.Error, e.Message).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <c>GET /saml2/logout</c> (HTTP-Redirect binding): the IdP's own LogoutRequest, deflated in the query string and signed
    /// over it (SAML Bindings §3.4.4.1); it ends the user's sessions and is answered as the HTTP-POST one is.
    /// </summary>
    public static async Task SamlLogoutRedirectAsync(HttpContext context)
    {
        if (await HostedUiRouting.ResolveAsync(context, context.RequestAborted).ConfigureAwait(false) is not { } domain)
        {
            await HostedUiPages.NotFoundAsync(context).ConfigureAwait(false);
            return;
        }

        var prefix = HostedUiRouting.Prefix(context, domain.Domain);
        // The signature covers the query string as sent, so it is read raw, never re-encoded.
        var query = context.Request.QueryString.Value ?? string.Empty;
        await IdpLogoutAsync(context, domain, prefix, (saml, browser, logoutUrl) =>
            saml.IdpLogoutAsync(domain.PoolId, SamlRedirectMessage.Parse(query, "SAMLRequest"), browser, logoutUrl, context.RequestAborted)).ConfigureAwait(false);
    }

    private static Task IdpLogoutAsync(HttpContext context, UserPoolDomain domain, string prefix, string logoutRequest, string relayState)
        => IdpLogoutAsync(context, domain, prefix, (saml, browser, logoutUrl) =>
            saml.IdpLogoutAsync(domain.PoolId, logoutRequest, relayState, browser, logoutUrl, context.RequestAborted));

    /// <summary>An IdP-initiated LogoutRequest by either binding: the user's sessions end, this browser's cookies go, and the IdP gets its answer.</summary>
    private static async Task IdpLogoutAsync(HttpContext context, UserPoolDomain domain, string prefix, Func<SamlFederation, SamlSession?, string, Task<string?>> logout)
    {
        var services = context.RequestServices;
        string? answer;
        try
        {
            var browser = services.GetRequiredService<SamlSessionSealer>().Open(context.Request.Cookies[SamlSessionCookie], domain.PoolId);
            answer = await logout(services.GetRequiredService<SamlFederation>(), browser, SloUrl(context, domain, prefix)).ConfigureAwait(false);
        }
        catch (FederationException e)
        {
            LogRefused(services.GetRequiredService<ILoggerFactory>().CreateLogger("Tessera.Federation"), "(IdP sign-out)", domain.PoolId, e.Error, e.Detail ?? e.Message);
            await HostedUiPages.ErrorAsync(context, 400, e.Error, e.Message).ConfigureAwait(false);
            return;
        }

        // This browser's cookies for the pool go too (the sessions behind them have ended already).
        var cookies = HostedUiPage.CookieOptions(context, HostedUiPages.CookiePath(prefix), null);
        context.Response.Cookies.Delete(HostedUiPage.SessionCookie, cookies);
        context.Response.Cookies.Delete(SamlSessionCookie, cookies);
        OAuthResponses.NoStore(context);
        if (answer is null)
        {
            await HostedUiPage.WriteAsync(context, 200, "Signed out", "<h1>You have been signed out.</h1>", null, null).ConfigureAwait(false);
            return;
        }

        context.Response.Redirect(answer);
    }

    /// <summary>The federated user for <paramref name="claims"/>, signed in to the hosted UI and sent to the app with a code.</summary>
    private static async Task<User> SignInAsync(HttpContext context, IdentityProvider provider, IReadOnlyDictionary<string, string> claims, AuthorizeRequest request, string prefix)
    {
        var services = context.RequestServices;
        var cancellationToken = context.RequestAborted;
        var pool = await services.GetRequiredService<UserDirectory>().GetPoolAsync(provider.PoolId, cancellationToken).ConfigureAwait(false);
        var user = await services.GetRequiredService<FederatedUsers>().SignInAsync(pool, provider, claims, request.Client.ClientId, cancellationToken).ConfigureAwait(false);
        await HostedUiPages.SignedInAsync(context, new HostedUiPages.PageContext(pool, request, prefix), user).ConfigureAwait(false);
        return user;
    }

    /// <summary>
    /// The state cookie. A SAML IdP answers with a cross-site POST, which carries only <c>SameSite=None</c> cookies; browsers
    /// take those only when Secure, so over plain HTTP (development) it stays Lax and the IdP must be same-site.
    /// </summary>
    /// <summary>Sends the browser to the identity provider with the sign-in's state sealed in its cookie.</summary>
    private static void RedirectUpstream(HttpContext context, FederationStateSealer sealer, FederationState state, string prefix, string url)
    {
        context.Response.Cookies.Append(StateCookie, sealer.Seal(state), StateCookieOptions(context, prefix, FederationStateSealer.Lifetime));
        OAuthResponses.NoStore(context);
        context.Response.Redirect(url);
    }

    private static CookieOptions StateCookieOptions(HttpContext context, string prefix, TimeSpan? maxAge)
    {
        var options = HostedUiPage.CookieOptions(context, HostedUiPages.CookiePath(prefix), maxAge);
        if (options.Secure)
        {
            options.SameSite = SameSiteMode.None;
        }

        return options;
    }

    /// <summary>Cognito's assertion consumer service URL, <c>https://{domain}/saml2/idpresponse</c>, on the same host rules as <see cref="ResponseUrl"/>.</summary>
    public static string AcsUrl(HttpContext context, UserPoolDomain domain, string prefix)
        => ResponseUrl(context, domain, prefix)[..^"/oauth2/idpresponse".Length] + "/saml2/idpresponse";

    /// <summary>Cognito's SAML single logout URL, <c>https://{domain}/saml2/logout</c>.</summary>
    public static string SloUrl(HttpContext context, UserPoolDomain domain, string prefix)
        => ResponseUrl(context, domain, prefix)[..^"/oauth2/idpresponse".Length] + "/saml2/logout";

    /// <summary>
    /// The redirect_uri Tessera registers with upstream providers, as Cognito's <c>https://{domain}/oauth2/idpresponse</c>:
    /// on the domain's own host when the request came there, else under the public URL.
    /// </summary>
    public static string ResponseUrl(HttpContext context, UserPoolDomain domain, string prefix)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var publicUrl = context.RequestServices.GetRequiredService<IOptions<TesseraOptions>>().Value.PublicUrl;
        // On the domain's host the browser is on this request's scheme, or on https behind a proxy that terminates TLS.
        var scheme = context.Request.IsHttps || publicUrl.Scheme == Uri.UriSchemeHttps ? Uri.UriSchemeHttps : Uri.UriSchemeHttp;
        return prefix.Length == 0
            ? $"{scheme}://{context.Request.Host}/oauth2/idpresponse"
            : $"{publicUrl.GetLeftPart(UriPartial.Path).TrimEnd('/')}/auth/{domain.Domain}/oauth2/idpresponse";
    }

    [LoggerMessage(EventId = 2300, Level = LogLevel.Warning, Message = "Federated sign-in through {Provider} (pool {PoolId}) refused with {Error}: {Detail}")]
    private static partial void LogRefused(ILogger logger, string provider, string poolId, string error, string detail);
}

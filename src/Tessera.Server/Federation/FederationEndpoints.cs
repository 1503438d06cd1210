// SPDX-License-Identifier: Apache-2.0
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Tessera.Core;
using Tessera.Core.Federation;
using Tessera.Core.HostedUi;
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

        if (provider.ProviderType != ProviderTypes.Oidc)
        {
            await HostedUiPages.ErrorAsync(context, 400, "invalid_request", $"Sign-in through {provider.ProviderType} providers is not supported by Tessera yet.").ConfigureAwait(false);
            return true;
        }

        var sealer = services.GetRequiredService<FederationStateSealer>();
        var state = sealer.Start(domain.PoolId, provider.ProviderName, context.Request.QueryString.Value ?? string.Empty);
        var prefix = HostedUiRouting.Prefix(context, domain.Domain);
        context.Response.Cookies.Append(StateCookie, sealer.Seal(state), HostedUiPage.CookieOptions(context, HostedUiPages.CookiePath(prefix), FederationStateSealer.Lifetime));
        OAuthResponses.NoStore(context);
        context.Response.Redirect(OidcFederation.AuthorizeUrl(provider, ResponseUrl(context, domain, prefix), state));
        return true;
    }

    /// <summary><c>GET /oauth2/idpresponse</c>: the upstream provider's answer, accepted only in the browser that asked.</summary>
    public static async Task IdpResponseAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        if (await HostedUiRouting.ResolveAsync(context, cancellationToken).ConfigureAwait(false) is not { } domain)
        {
            await HostedUiPages.NotFoundAsync(context).ConfigureAwait(false);
            return;
        }

        var services = context.RequestServices;
        var query = context.Request.Query;
        var prefix = HostedUiRouting.Prefix(context, domain.Domain);
        var state = services.GetRequiredService<FederationStateSealer>().Open(context.Request.Cookies[StateCookie], domain.PoolId, query["state"].ToString());
        // One answer per sign-in: the state cannot be replayed, whatever happens next.
        context.Response.Cookies.Delete(StateCookie, HostedUiPage.CookieOptions(context, HostedUiPages.CookiePath(prefix), null));
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
            var upstreamError = query["error"].ToString();
            if (upstreamError.Length > 0)
            {
                // RFC 6749 §4.1.2.1: the user declined, or the provider refused; the app hears access_denied or server_error only.
                throw new FederationException(upstreamError == "access_denied" ? "access_denied" : "server_error",
                    "The identity provider did not sign the user in.", $"upstream error {upstreamError}: {query["error_description"]}");
            }

            var code = query["code"].ToString();
            if (code.Length == 0)
            {
                throw new FederationException("invalid_request", "The identity provider's answer has no code.", "no code");
            }

            var provider = await services.GetRequiredService<IIdentityProviderStore>().FindAsync(domain.PoolId, state.ProviderName, cancellationToken).ConfigureAwait(false)
                ?? throw new FederationException("invalid_request", "The identity provider no longer exists.", $"{state.ProviderName} deleted");
            var claims = await services.GetRequiredService<OidcFederation>().CompleteAsync(provider, code, ResponseUrl(context, domain, prefix), state, cancellationToken).ConfigureAwait(false);
            var pool = await services.GetRequiredService<UserDirectory>().GetPoolAsync(domain.PoolId, cancellationToken).ConfigureAwait(false);
            var user = await services.GetRequiredService<FederatedUsers>().SignInAsync(pool, provider, claims, cancellationToken).ConfigureAwait(false);
            await HostedUiPages.SignedInAsync(context, new HostedUiPages.PageContext(pool, request, prefix), user).ConfigureAwait(false);
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
    /// The redirect_uri Tessera registers with upstream providers, as Cognito's <c>https://{domain}/oauth2/idpresponse</c>:
    /// on the domain's own host when the request came there, else under the public URL.
    /// </summary>
    public static string ResponseUrl(HttpContext context, UserPoolDomain domain, string prefix)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var publicUrl = context.RequestServices.GetRequiredService<IOptions<TesseraOptions>>().Value.PublicUrl;
        return prefix.Length == 0
            ? $"{publicUrl.Scheme}://{context.Request.Host}/oauth2/idpresponse"
            : $"{publicUrl.GetLeftPart(UriPartial.Path).TrimEnd('/')}/auth/{domain.Domain}/oauth2/idpresponse";
    }

    [LoggerMessage(EventId = 2300, Level = LogLevel.Warning, Message = "Federated sign-in through {Provider} (pool {PoolId}) refused with {Error}: {Detail}")]
    private static partial void LogRefused(ILogger logger, string provider, string poolId, string error, string detail);
}

// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Clients;
using Tessera.Core.Federation;
using Tessera.Server.HostedUi;

namespace Tessera.Server.Federation;

/// <summary>The "Sign in with …" buttons of the login page: one per provider the app client supports.</summary>
internal static class FederationButtons
{
    /// <summary>The buttons' HTML; <paramref name="query"/> is the page's own (encoded) authorize query.</summary>
    public static string Html(AppClient client, string prefix, string query)
    {
        ArgumentNullException.ThrowIfNull(client);
        var names = (client.Settings.SupportedIdentityProviders ?? []).Where(p => p != ProviderTypes.Cognito).ToList();
        if (names.Count == 0)
        {
            return string.Empty;
        }

        var separator = query.Length == 0 ? "?" : "&amp;";
        var buttons = names.Select(name =>
            $"<a class=\"btn idpButton-customizable\" id=\"idp-{HostedUiPage.Encode(name)}\" href=\"{HostedUiPage.Encode(prefix)}/oauth2/authorize{query}{separator}identity_provider={Uri.EscapeDataString(name)}\">"
            + $"Sign in with {HostedUiPage.Encode(name)}</a>");
        return $"<div class=\"idpButtons\">{string.Concat(buttons)}</div>";
    }

    /// <summary>Whether the client signs users in with the pool's own directory (COGNITO, or a client that names no provider).</summary>
    public static bool ShowsPasswordForm(AppClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.Settings.SupportedIdentityProviders is not { Count: > 0 } list || list.Contains(ProviderTypes.Cognito);
    }
}

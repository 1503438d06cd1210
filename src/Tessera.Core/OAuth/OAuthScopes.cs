// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Clients;

namespace Tessera.Core.OAuth;

public static class OAuthScopes
{
    public const string OpenId = "openid";

    /// <summary>
    /// The scopes an authorization request asks for, each one allowed to the client; an absent scope means
    /// all of the client's AllowedOAuthScopes, as at AWS's authorization endpoint. Null when one is not allowed.
    /// </summary>
    public static string? Resolve(AppClient client, string? requested)
    {
        ArgumentNullException.ThrowIfNull(client);
        var allowed = client.Settings.AllowedOAuthScopes ?? [];
        if (string.IsNullOrWhiteSpace(requested))
        {
            return string.Join(' ', allowed);
        }

        var asked = Split(requested).Distinct(StringComparer.Ordinal).ToArray();
        return asked.All(s => allowed.Contains(s, StringComparer.Ordinal)) ? string.Join(' ', asked) : null;
    }

    public static string[] Split(string? scopes) => (scopes ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static bool Contains(string? scopes, string scope) => Split(scopes).Contains(scope, StringComparer.Ordinal);
}

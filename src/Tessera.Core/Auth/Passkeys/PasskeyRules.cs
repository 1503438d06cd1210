// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.HostedUi;
using Tessera.Core.Pools;

namespace Tessera.Core.Auth.Passkeys;

/// <summary>
/// The passkey rules Tessera adds around the WebAuthn verification the Fido2 library does: which relying party a pool
/// is, which origins may speak for it, when a signature counter betrays a cloned authenticator, and how many passkeys
/// a user may keep. The one place these rules live; <see cref="PasskeyService"/> applies them.
/// </summary>
public static class PasskeyRules
{
    /// <summary>How many passkeys one user may register (the developer guide: up to 20 per user).</summary>
    public const int MaxCredentialsPerUser = 20;

    /// <summary>How long a registration or sign-in challenge stays answerable.</summary>
    public static TimeSpan ChallengeLifetime { get; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The relying party id: WebAuthnConfiguration.RelyingPartyId when the pool sets one, otherwise (as
    /// WebAuthnConfigurationType documents) the user pool domain: the custom domain when there is one, else the
    /// prefix domain's host <c>{prefix}.auth.{region}.amazoncognito.com</c>. Null when the pool has neither
    /// (WebAuthnConfigurationMissingException).
    /// </summary>
    public static string? RelyingPartyId(UserPool pool, IReadOnlyList<UserPoolDomain> domains)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(domains);
        if (pool.Settings.WebAuthnConfiguration?.RelyingPartyId is { Length: > 0 } configured)
        {
            return configured.ToLowerInvariant();
        }

        if (domains.FirstOrDefault(d => d.CertificateArn is not null) is { } custom)
        {
            return custom.Domain.ToLowerInvariant();
        }

        return domains.Count > 0 ? $"{domains[0].Domain.ToLowerInvariant()}.auth.{pool.Region}.amazoncognito.com" : null;
    }

    /// <summary>
    /// Whether a browser origin may register or use passkeys of <paramref name="relyingPartyId"/> (WebAuthn §5.1.3
    /// and HTML's registrable-domain rule): an https origin whose host is the RP id or a subdomain of it, or, for
    /// local development, an http origin on <c>localhost</c> (any port) when the RP id is <c>localhost</c>.
    /// </summary>
    public static bool IsAllowedOrigin(string? origin, string relyingPartyId)
    {
        ArgumentException.ThrowIfNullOrEmpty(relyingPartyId);
        if (string.IsNullOrEmpty(origin) || !Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0
            || origin.EndsWith('/'))
        {
            return false;
        }

        var host = uri.IdnHost;
        var sameSite = string.Equals(host, relyingPartyId, StringComparison.OrdinalIgnoreCase)
            || host.EndsWith("." + relyingPartyId, StringComparison.OrdinalIgnoreCase);
        if (!sameSite)
        {
            return false;
        }

        return uri.Scheme == Uri.UriSchemeHttps
            || (uri.Scheme == Uri.UriSchemeHttp && string.Equals(relyingPartyId, "localhost", StringComparison.OrdinalIgnoreCase)
                && string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// WebAuthn §7.2 step 22: when the stored or the presented signature counter is not zero, the presented one must be
    /// greater; otherwise two authenticators hold the same key (a clone) and the assertion is refused.
    /// </summary>
    public static bool IsCounterAccepted(long stored, long presented)
        => (stored == 0 && presented == 0) || presented > stored;
}

// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.Options;

namespace Tessera.Server.Hosting;

/// <summary>
/// The <c>Tessera:Cors</c> section: which web origins may read the answers of the endpoints browsers call
/// (the operations the AWS models leave unsigned, STS, the token, userInfo and revocation endpoints, discovery
/// and JWKS). Administrative operations and <c>/_dev/*</c> are never offered to another origin.
/// </summary>
public sealed class CrossOriginOptions
{
    /// <summary>The value of <see cref="AllowedOrigins"/> that allows any origin.</summary>
    public const string Any = "*";

    /// <summary>
    /// Origins (<c>https://app.example.com</c>, <c>http://localhost:3000</c>) whose pages may call those endpoints,
    /// or <c>*</c> for any. The default is <c>*</c>, as AWS answers them: they carry no ambient credential (no
    /// cookie), so a page can do nothing with them that its own code could not do without a browser.
    /// </summary>
    public IList<string> AllowedOrigins { get; } = [];

    /// <summary>The configured origins, or <c>*</c> when none are.</summary>
    public IReadOnlyList<string> EffectiveOrigins => AllowedOrigins.Count == 0 ? [Any] : [.. AllowedOrigins];
}

/// <summary>Each allowed origin is <c>*</c> or a bare http(s) origin: scheme, host and port, no path.</summary>
internal sealed class CrossOriginOptionsValidation : IValidateOptions<CrossOriginOptions>
{
    public ValidateOptionsResult Validate(string? name, CrossOriginOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var wrong = options.AllowedOrigins.Where(o => o != CrossOriginOptions.Any && !IsOrigin(o)).ToList();
        return wrong.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Tessera:Cors:AllowedOrigins must hold '*' or origins such as https://app.example.com (scheme, host, optional port; no path): {string.Join(", ", wrong)}.");
    }

    private static bool IsOrigin(string value)
        => Uri.TryCreate(value, UriKind.Absolute, out var uri)
            && uri.Scheme is "http" or "https"
            && string.Equals(uri.GetLeftPart(UriPartial.Authority), value.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)
            && !value.EndsWith('/');
}

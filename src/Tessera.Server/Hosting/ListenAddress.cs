// SPDX-License-Identifier: Apache-2.0
using System.Text.RegularExpressions;

namespace Tessera.Server.Hosting;

/// <summary>Where Tessera listens, and the public URL that follows from it when none is configured.</summary>
internal static partial class ListenAddress
{
    /// <summary>
    /// start-dev's public URL (issuer, discovery, JWKS) from the first of <paramref name="urls"/> (<c>--urls</c>), so a
    /// server started on another port issues tokens its own endpoints accept. Kestrel's wildcard hosts (<c>*</c>, <c>+</c>,
    /// <c>0.0.0.0</c>, <c>[::]</c>) become <c>localhost</c>; a dynamic port (0) gives none.
    /// </summary>
    public static string? PublicUrlFor(string? urls)
    {
        var first = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (first is null)
        {
            return null;
        }

        var named = Wildcard().Replace(first, "$1localhost");
        return Uri.TryCreate(named, UriKind.Absolute, out var uri) && uri.Port > 0 ? uri.GetLeftPart(UriPartial.Authority) : null;
    }

    /// <summary>A loopback public URL on a port Tessera does not listen on cannot work: the issuer names a server that is not there.</summary>
    public static bool Unreachable(Uri publicUrl, IEnumerable<string> listening)
    {
        ArgumentNullException.ThrowIfNull(publicUrl);
        return (publicUrl.IsLoopback || publicUrl.Host == "localhost")
            && !listening.Select(u => Uri.TryCreate(Wildcard().Replace(u, "$1localhost"), UriKind.Absolute, out var l) ? l.Port : -1).Contains(publicUrl.Port);
    }

    [GeneratedRegex(@"^(https?://)(\*|\+|0\.0\.0\.0|\[::\])", RegexOptions.IgnoreCase)]
    private static partial Regex Wildcard();
}

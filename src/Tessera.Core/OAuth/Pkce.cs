// SPDX-License-Identifier: Apache-2.0
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Tessera.Core.Security;

namespace Tessera.Core.OAuth;

/// <summary>RFC 7636 proof key checks.</summary>
public static partial class Pkce
{
    /// <summary>§4.2: <c>plain</c> when the client sent a challenge without a method.</summary>
    public static string? NormalizeMethod(string? challenge, string? method)
        => challenge is null ? null : string.IsNullOrEmpty(method) ? "plain" : method;

    public static bool IsSupportedMethod(string method) => method is "S256" or "plain";

    /// <summary>§4.1/§4.2: 43–128 characters of the unreserved set, for both verifier and challenge.</summary>
    public static bool IsWellFormed(string value) => WellFormed().IsMatch(value);

    public static bool Verify(string challenge, string method, string? verifier)
    {
        if (verifier is null || !IsWellFormed(verifier))
        {
            return false;
        }

        var expected = method == "S256"
            ? RandomIds.Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))
            : verifier;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(challenge));
    }

    [GeneratedRegex("^[A-Za-z0-9._~-]{43,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex WellFormed();
}

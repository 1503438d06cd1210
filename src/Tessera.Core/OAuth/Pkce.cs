// SPDX-License-Identifier: Apache-2.0
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Tessera.Core.Security;

namespace Tessera.Core.OAuth;

/// <summary>
/// RFC 7636 proof key checks, <c>S256</c> only: Cognito's authorize endpoint supports only S256 (Developer Guide,
/// "Authorize endpoint", code_challenge_method; "Using PKCE in authorization code grants"), and RFC 9700 §2.1.1
/// says not to use <c>plain</c>. A challenge without a method is therefore refused rather than read as
/// RFC 7636 §4.3's default, <c>plain</c>.
/// </summary>
public static partial class Pkce
{
    public const string S256 = "S256";

    public static bool IsSupportedMethod(string? method) => method == S256;

    /// <summary>§4.1/§4.2: 43–128 characters of the unreserved set, for both verifier and challenge.</summary>
    public static bool IsWellFormed(string value) => WellFormed().IsMatch(value);

    public static bool Verify(string challenge, string? method, string? verifier)
    {
        if (verifier is null || !IsWellFormed(verifier))
        {
            return false;
        }

        if (!IsSupportedMethod(method))
        {
            return false;
        }

        var expected = RandomIds.Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(challenge));
    }

    [GeneratedRegex("^[A-Za-z0-9._~-]{43,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex WellFormed();
}

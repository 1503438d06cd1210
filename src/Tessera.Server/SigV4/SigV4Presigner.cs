// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tessera.Server.SigV4;

/// <summary>Why a query-signed request was refused; S3 answers each with its own error code.</summary>
internal enum PresignFailure
{
    None,
    MissingParameters,
    Expired,
    UnknownAccessKey,
    SignatureMismatch,
}

/// <summary>
/// SigV4 in the query string, as S3's presigned URLs carry it (Amazon S3 API reference, "Authenticating Requests: Using
/// Query Parameters"): <c>X-Amz-Algorithm</c>, <c>X-Amz-Credential</c>, <c>X-Amz-Date</c>, <c>X-Amz-Expires</c>,
/// <c>X-Amz-SignedHeaders</c> and <c>X-Amz-Signature</c>, the payload unsigned. The canonical request and string to
/// sign are <see cref="SigV4Verifier"/>'s, so header signing and query signing cannot drift apart.
/// </summary>
internal static class SigV4Presigner
{
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    /// <summary>
    /// <paramref name="url"/> query-signed for <paramref name="method"/>, valid for <paramref name="expires"/> from
    /// <paramref name="at"/>. The client must send <paramref name="headers"/> (besides <c>host</c>) exactly as given.
    /// </summary>
    public static string Presign(
        string method, Uri url, IReadOnlyList<KeyValuePair<string, string>> headers, string accessKeyId, string secret,
        string region, string service, DateTimeOffset at, TimeSpan expires)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(headers);
        var amzDate = at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var allHeaders = headers.Select(h => new KeyValuePair<string, string>(h.Key.ToLowerInvariant(), h.Value)).Append(new("host", url.Authority)).ToList();
        var signedHeaders = allHeaders.Select(h => h.Key).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var authorization = new SigV4Authorization(accessKeyId, amzDate[..8], region, service, signedHeaders, string.Empty);
        var query = new List<KeyValuePair<string, string>>
        {
            new("X-Amz-Algorithm", SigV4Verifier.Algorithm),
            new("X-Amz-Credential", $"{accessKeyId}/{SigV4Verifier.Scope(authorization)}"),
            new("X-Amz-Date", amzDate),
            new("X-Amz-Expires", ((long)expires.TotalSeconds).ToString(CultureInfo.InvariantCulture)),
            new("X-Amz-SignedHeaders", string.Join(';', signedHeaders)),
        };
        var queryString = string.Join('&', query.Select(p => SigV4Verifier.Encode(p.Key) + "=" + SigV4Verifier.Encode(p.Value)));
        var request = new SigV4Request(method, url.AbsolutePath, queryString, allHeaders, ReadOnlyMemory<byte>.Empty);
        var signature = Sign(request, authorization, amzDate, secret);
        return $"{url.GetLeftPart(UriPartial.Path)}?{queryString}&X-Amz-Signature={signature}";
    }

    /// <summary>Checks a query-signed request; <paramref name="secretFor"/> gives the secret of an access key id, or null for one unknown.</summary>
    public static PresignFailure Verify(SigV4Request request, Func<string, string?> secretFor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(secretFor);
        var pairs = request.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => (Raw: string.Join('=', p), Key: Uri.UnescapeDataString(p[0]), Value: p.Length > 1 ? Uri.UnescapeDataString(p[1]) : string.Empty))
            .ToList();
        string? Param(string name) => pairs.Where(p => p.Key == name).Select(p => p.Value).FirstOrDefault();
        var signature = Param("X-Amz-Signature");
        var credential = Param("X-Amz-Credential")?.Split('/');
        var amzDate = Param("X-Amz-Date");
        var signedHeaders = Param("X-Amz-SignedHeaders")?.Split(';');
        var at = SigV4Verifier.ParseAmzDate(amzDate);
        if (Param("X-Amz-Algorithm") != SigV4Verifier.Algorithm || signature is null || credential is not { Length: 5 } || credential[4] != "aws4_request"
            || at is null || signedHeaders is null || !signedHeaders.Contains("host", StringComparer.Ordinal)
            || !int.TryParse(Param("X-Amz-Expires"), NumberStyles.None, CultureInfo.InvariantCulture, out var expires) || credential[1] != amzDate![..8])
        {
            return PresignFailure.MissingParameters;
        }

        // S3: "Request has expired" once X-Amz-Date plus X-Amz-Expires has passed.
        if (now > at.Value.AddSeconds(expires) || at.Value > now + CredentialVerifier.MaxSkew)
        {
            return PresignFailure.Expired;
        }

        var secret = secretFor(credential[0]);
        if (secret is null)
        {
            return PresignFailure.UnknownAccessKey;
        }

        var authorization = new SigV4Authorization(credential[0], credential[1], credential[2], credential[3], signedHeaders, signature);
        var unsigned = request with { Query = string.Join('&', pairs.Where(p => p.Key != "X-Amz-Signature").Select(p => p.Raw)) };
        return SigV4Verifier.SignatureMatches(Sign(unsigned, authorization, amzDate, secret), signature) ? PresignFailure.None : PresignFailure.SignatureMismatch;
    }

    private static string Sign(SigV4Request request, SigV4Authorization authorization, string amzDate, string secret)
    {
        var canonical = SigV4Verifier.CanonicalRequest(request, authorization.SignedHeaders, UnsignedPayload);
        var stringToSign = SigV4Verifier.StringToSign(amzDate, SigV4Verifier.Scope(authorization), canonical);
        var key = SigV4Verifier.SigningKey(secret, authorization.Date, authorization.Region, authorization.Service);
        return SigV4Verifier.Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
    }
}

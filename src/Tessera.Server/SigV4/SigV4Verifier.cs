// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tessera.Server.SigV4;

/// <summary>A request as SigV4 sees it, free of any web framework.</summary>
internal sealed record SigV4Request(
    string Method,
    string Path,
    string Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte> Body);

/// <summary>The parts of an <c>Authorization: AWS4-HMAC-SHA256 …</c> header.</summary>
internal sealed record SigV4Authorization(
    string AccessKeyId,
    string Date,
    string Region,
    string Service,
    IReadOnlyList<string> SignedHeaders,
    string Signature);

/// <summary>
/// Rebuilds the canonical request and string to sign exactly as botocore's SigV4Auth does and compares
/// signatures in constant time. Tested against AWS's published test suite.
/// </summary>
internal static class SigV4Verifier
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    public static SigV4Authorization? ParseAuthorization(string? header)
    {
        if (header is null || !header.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            return null;
        }

        string? credential = null, signedHeaders = null, signature = null;
        foreach (var part in header[(Algorithm.Length + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                return null;
            }

            var value = part[(eq + 1)..];
            switch (part[..eq])
            {
                case "Credential": credential = value; break;
                case "SignedHeaders": signedHeaders = value; break;
                case "Signature": signature = value; break;
                default: break;
            }
        }

        var scope = credential?.Split('/');
        if (scope is not { Length: 5 } || scope[4] != "aws4_request" || signedHeaders is null || signature is null
            || signature.Length != 64 || scope[1].Length != 8 || scope.Any(string.IsNullOrEmpty))
        {
            return null;
        }

        return new SigV4Authorization(scope[0], scope[1], scope[2], scope[3], signedHeaders.Split(';'), signature);
    }

    public static string CanonicalRequest(SigV4Request request, IReadOnlyList<string> signedHeaders, string payloadHash)
    {
        var builder = new StringBuilder();
        builder.Append(request.Method).Append('\n');
        builder.Append(CanonicalPath(request.Path)).Append('\n');
        builder.Append(CanonicalQuery(request.Query)).Append('\n');
        foreach (var name in signedHeaders)
        {
            var values = request.Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => CollapseWhitespace(h.Value));
            builder.Append(name).Append(':').Append(string.Join(',', values)).Append('\n');
        }

        builder.Append('\n').Append(string.Join(';', signedHeaders)).Append('\n').Append(payloadHash);
        return builder.ToString();
    }

    public static string StringToSign(string amzDate, string scope, string canonicalRequest)
        => $"{Algorithm}\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

    public static byte[] SigningKey(string secret, string date, string region, string service)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secret), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(key, "aws4_request"u8);
    }

    /// <summary>The signature the request should carry, given the secret of its access key.</summary>
    public static string ExpectedSignature(SigV4Request request, SigV4Authorization authorization, string secret)
    {
        var stringToSign = StringToSign(Header(request, "x-amz-date") ?? string.Empty, Scope(authorization), CanonicalRequest(request, authorization.SignedHeaders, PayloadHash(request)));
        return Hex(HMACSHA256.HashData(SigningKey(secret, authorization.Date, authorization.Region, authorization.Service), Encoding.UTF8.GetBytes(stringToSign)));
    }

    public static string Scope(SigV4Authorization authorization)
        => $"{authorization.Date}/{authorization.Region}/{authorization.Service}/aws4_request";

    /// <summary>The declared <c>X-Amz-Content-SHA256</c> (which may be <c>UNSIGNED-PAYLOAD</c>), else the hash of the body.</summary>
    public static string PayloadHash(SigV4Request request)
        => Header(request, "x-amz-content-sha256") ?? Hex(SHA256.HashData(request.Body.Span));

    public static bool SignatureMatches(string expected, string given)
        => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(given.ToLowerInvariant()));

    /// <summary>True when the declared payload hash (if any) matches the body actually received.</summary>
    public static bool PayloadHashMatches(SigV4Request request)
        => Header(request, "x-amz-content-sha256") is not { } declared || declared == "UNSIGNED-PAYLOAD"
            || string.Equals(declared, Hex(SHA256.HashData(request.Body.Span)), StringComparison.OrdinalIgnoreCase);

    public static string? Header(SigV4Request request, string name)
        => request.Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    public static DateTimeOffset? ParseAmzDate(string? value)
        => DateTimeOffset.TryParseExact(value, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>
    /// Removes dot and empty segments, then percent-encodes each segment of the path as it came on the
    /// wire. A segment already percent-encoded is encoded again: outside S3 the SDKs sign the escaped
    /// path escaped once more (botocore <c>quote(path, safe='/~')</c>, aws-sdk-js <c>uriEscapePath</c>).
    /// </summary>
    public static string CanonicalPath(string path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "/";
        }

        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                continue;
            }

            segments.Add(Encode(segment));
        }

        var joined = "/" + string.Join('/', segments);
        return path.EndsWith('/') && segments.Count > 0 ? joined + "/" : joined;
    }

    public static string CanonicalQuery(string query)
    {
        if (string.IsNullOrEmpty(query))
        {
            return string.Empty;
        }

        var pairs = query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p =>
        {
            var eq = p.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? p : p[..eq];
            var value = eq < 0 ? string.Empty : p[(eq + 1)..];
            // RFC 3986: '+' is a literal plus, not a form-encoded space; SigV4 clients send spaces as %20.
            return (Key: Encode(Uri.UnescapeDataString(key)), Value: Encode(Uri.UnescapeDataString(value)));
        });
        return string.Join('&', pairs.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
    }

    /// <summary>RFC 3986 percent-encoding with upper-case hex, keeping only unreserved characters.</summary>
    public static string Encode(string value)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static string CollapseWhitespace(string value)
    {
        var builder = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value.Trim())
        {
            if (c is ' ' or '\t' or '\n' or '\r')
            {
                space = true;
                continue;
            }

            if (space && builder.Length > 0)
            {
                builder.Append(' ');
            }

            space = false;
            builder.Append(c);
        }

        return builder.ToString();
    }
}

// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Server.SigV4;

/// <summary>
/// Signs an outgoing request (e.g. a Lambda Invoke) with the same canonical request and string to sign the
/// verifier rebuilds, so signing and checking cannot drift apart. The request must already carry
/// <c>host</c> and <c>x-amz-date</c>; every header it carries is signed, as botocore does.
/// </summary>
internal static class SigV4Signer
{
    /// <summary>The <c>Authorization</c> header value for <paramref name="request"/>.</summary>
    public static string Authorization(SigV4Request request, string accessKeyId, string secret, string region, string service)
    {
        ArgumentNullException.ThrowIfNull(request);
        var amzDate = SigV4Verifier.Header(request, "x-amz-date")
            ?? throw new ArgumentException("The request must carry x-amz-date.", nameof(request));
        var signedHeaders = request.Headers.Select(h => h.Key.ToLowerInvariant())
            .Where(h => h != "authorization")
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        var authorization = new SigV4Authorization(accessKeyId, amzDate[..8], region, service, signedHeaders, string.Empty);
        var signature = SigV4Verifier.ExpectedSignature(request, authorization, secret);
        return $"{SigV4Verifier.Algorithm} Credential={accessKeyId}/{SigV4Verifier.Scope(authorization)}, "
            + $"SignedHeaders={string.Join(';', signedHeaders)}, Signature={signature}";
    }
}

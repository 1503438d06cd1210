// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.Options;
using Tessera.Core.Errors;
using Tessera.Server.Hosting;

namespace Tessera.Server.SigV4;

/// <summary>
/// Verifies administrative calls against the configured admin key. In start-dev without a key, any
/// well-formed signature is accepted (the start-up log says so); <c>start</c> refuses to run without one.
/// </summary>
internal sealed class SigV4Authenticator(IOptions<AdminOptions> admin, TesseraRuntime runtime, TimeProvider time) : IRequestAuthenticator
{
    /// <summary>AWS rejects signatures more than 15 minutes away from its clock.</summary>
    private static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(15);

    public ValueTask AuthenticateAsync(HttpRequest request, ReadOnlyMemory<byte> body, string service, CancellationToken cancellationToken)
    {
        var header = request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            throw new CognitoException("MissingAuthenticationTokenException", "Missing Authentication Token", 403);
        }

        var authorization = SigV4Verifier.ParseAuthorization(header)
            ?? throw new CognitoException("IncompleteSignatureException", "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters, and AWS4-HMAC-SHA256 as its algorithm.", 400);
        if (authorization.Service != service)
        {
            throw new CognitoException("InvalidSignatureException", $"Credential should be scoped to correct service: '{service}'.", 403);
        }

        var sigRequest = ToSigV4Request(request, body);
        var amzDate = SigV4Verifier.Header(sigRequest, "x-amz-date");
        var at = SigV4Verifier.ParseAmzDate(amzDate)
            ?? throw new CognitoException("IncompleteSignatureException", "Authorization requires an X-Amz-Date header in the form yyyyMMddTHHmmssZ.", 400);
        if (!authorization.SignedHeaders.Contains("host", StringComparer.Ordinal) || amzDate![..8] != authorization.Date)
        {
            throw new CognitoException("IncompleteSignatureException", "The host header and the credential date must be signed.", 400);
        }

        var now = time.GetUtcNow();
        if ((at - now).Duration() > MaxSkew)
        {
            throw new CognitoException("InvalidSignatureException", $"Signature expired: {amzDate} is now earlier than {(now - MaxSkew):yyyyMMdd'T'HHmmss'Z'} ({now:yyyyMMdd'T'HHmmss'Z'} - 15 min.)", 403);
        }

        var options = admin.Value;
        if (!options.IsConfigured && runtime.IsDevelopment)
        {
            return ValueTask.CompletedTask;
        }

        if (!options.IsConfigured || !string.Equals(authorization.AccessKeyId, options.AccessKeyId, StringComparison.Ordinal))
        {
            throw new CognitoException("UnrecognizedClientException", "The security token included in the request is invalid.", 400);
        }

        var expected = SigV4Verifier.ExpectedSignature(sigRequest, authorization, options.SecretAccessKey!);
        if (!SigV4Verifier.PayloadHashMatches(sigRequest) || !SigV4Verifier.SignatureMatches(expected, authorization.Signature))
        {
            throw new CognitoException(
                "InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
                403);
        }

        return ValueTask.CompletedTask;
    }

    public static SigV4Request ToSigV4Request(HttpRequest request, ReadOnlyMemory<byte> body)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                headers.Add(new(name.ToLowerInvariant(), value ?? string.Empty));
            }
        }

        // Kestrel serves the Host header apart from the others on HTTP/2; signing always covers it.
        if (!headers.Any(h => h.Key == "host") && request.Host.HasValue)
        {
            headers.Add(new("host", request.Host.Value));
        }

        return new SigV4Request(request.Method, (request.PathBase + request.Path).ToUriComponent(), request.QueryString.Value ?? string.Empty, headers, body);
    }
}

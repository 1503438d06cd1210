// SPDX-License-Identifier: Apache-2.0
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Tessera.Core.Errors;
using Tessera.Server.Hosting;

namespace Tessera.Server.SigV4;

/// <summary>
/// Verifies administrative calls against the configured admin key. In start-dev without a key, any
/// well-formed signature is accepted (the start-up log says so); <c>start</c> refuses to run without one.
/// </summary>
/// <remarks>
/// Every failure is a 400, as the JSON-protocol services answer them: cognito-idp returns
/// InvalidSignatureException and UnrecognizedClientException with "400 Bad Request"
/// (ArranJacques/laravel-aws-cognito-auth#18, #25; aws/aws-sdk-php#2444), and DynamoDB's error table
/// lists MissingAuthenticationTokenException and IncompleteSignatureException as 400 too.
/// </remarks>
internal sealed class SigV4Authenticator(IOptions<AdminOptions> admin, TesseraRuntime runtime, TimeProvider time) : IRequestAuthenticator
{
    /// <summary>AWS rejects signatures more than 15 minutes away from its clock.</summary>
    private static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(15);

    public ValueTask AuthenticateAsync(HttpRequest request, ReadOnlyMemory<byte> body, string service, CancellationToken cancellationToken)
    {
        var header = request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            throw new CognitoException("MissingAuthenticationTokenException", "Missing Authentication Token");
        }

        var authorization = SigV4Verifier.ParseAuthorization(header)
            ?? throw new CognitoException("IncompleteSignatureException", "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters, and AWS4-HMAC-SHA256 as its algorithm.");
        if (authorization.Service != service)
        {
            throw new CognitoException("InvalidSignatureException", $"Credential should be scoped to correct service: '{service}'. ");
        }

        var sigRequest = ToSigV4Request(request, body);
        var amzDate = SigV4Verifier.Header(sigRequest, "x-amz-date");
        var at = SigV4Verifier.ParseAmzDate(amzDate)
            ?? throw new CognitoException("IncompleteSignatureException", "Authorization requires an X-Amz-Date header in the form yyyyMMddTHHmmssZ.");
        if (!authorization.SignedHeaders.Contains("host", StringComparer.Ordinal) || amzDate![..8] != authorization.Date)
        {
            throw new CognitoException("IncompleteSignatureException", "The host header and the credential date must be signed.");
        }

        var now = time.GetUtcNow();
        // AWS's wording for a clock skew beyond 15 minutes either way (aws/aws-sdk-js-v3#5811).
        if (at < now - MaxSkew)
        {
            throw new CognitoException("InvalidSignatureException", $"Signature expired: {amzDate} is now earlier than {now - MaxSkew:yyyyMMdd'T'HHmmss'Z'} ({now:yyyyMMdd'T'HHmmss'Z'} - 15 min.)");
        }

        if (at > now + MaxSkew)
        {
            throw new CognitoException("InvalidSignatureException", $"Signature not yet current: {amzDate} is still later than {now + MaxSkew:yyyyMMdd'T'HHmmss'Z'} ({now:yyyyMMdd'T'HHmmss'Z'} + 15 min.)");
        }

        var options = admin.Value;
        if (!options.IsConfigured && runtime.IsDevelopment)
        {
            return ValueTask.CompletedTask;
        }

        if (!options.IsConfigured || !string.Equals(authorization.AccessKeyId, options.AccessKeyId, StringComparison.Ordinal))
        {
            throw new CognitoException("UnrecognizedClientException", "The security token included in the request is invalid.");
        }

        var expected = SigV4Verifier.ExpectedSignature(sigRequest, authorization, options.SecretAccessKey!);
        if (!SigV4Verifier.PayloadHashMatches(sigRequest) || !SigV4Verifier.SignatureMatches(expected, authorization.Signature))
        {
            throw new CognitoException(
                "InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
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

        // The path as the client sent it (still escaped): the canonical path escapes it once more.
        var raw = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var path = raw is { Length: > 0 } && raw[0] == '/'
            ? raw.Split('?', 2)[0]
            : (request.PathBase + request.Path).ToUriComponent();
        return new SigV4Request(request.Method, path, request.QueryString.Value ?? string.Empty, headers, body);
    }
}

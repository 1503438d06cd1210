// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.Options;
using Tessera.Core.Identity;
using Tessera.Server.Hosting;

namespace Tessera.Server.SigV4;

/// <summary>Who signed a request.</summary>
/// <param name="AccessKeyId">The key id of the credential scope.</param>
/// <param name="Session">The sealed claims of temporary credentials; null for the admin key.</param>
internal sealed record Caller(string AccessKeyId, SessionClaims? Session);

internal enum SigV4FailureKind
{
    MissingAuthentication,
    IncompleteSignature,
    WrongService,
    WrongRegion,
    UnsignedHeader,
    SignatureExpired,
    UnknownAccessKey,
    SignatureMismatch,
    ExpiredToken,
}

/// <summary>Why a signature was refused; each surface words it in its own error format.</summary>
internal sealed class SigV4Failure(SigV4FailureKind kind, string message) : Exception(message)
{
    public SigV4FailureKind Kind { get; } = kind;
}

/// <summary>
/// Verifies a SigV4 signature against the admin key or against temporary credentials. Temporary
/// credentials are checked from the session token alone (DESIGN.md §5): its sealed claims name the key
/// id, the secret and the expiry, so any node verifies without a database read. In start-dev without an
/// admin key, any well-formed signature by a long-term key is accepted; temporary credentials are
/// always verified.
/// </summary>
internal sealed class CredentialVerifier(IOptions<AdminOptions> admin, TesseraRuntime runtime, SessionCredentials sessions, TimeProvider time)
{
    /// <summary>AWS rejects signatures more than 15 minutes away from its clock.</summary>
    public static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(15);

    public Caller Verify(HttpRequest request, ReadOnlyMemory<byte> body, SigV4Scope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            throw new SigV4Failure(SigV4FailureKind.MissingAuthentication, "Missing Authentication Token");
        }

        var authorization = SigV4Verifier.ParseAuthorization(header)
            ?? throw new SigV4Failure(SigV4FailureKind.IncompleteSignature, "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters, and AWS4-HMAC-SHA256 as its algorithm.");
        if (scope.Refuses(authorization) is { } refused)
        {
            throw refused;
        }

        var sigRequest = SigV4Authenticator.ToSigV4Request(request, body);
        var amzDate = SigV4Verifier.Header(sigRequest, "x-amz-date");
        var at = SigV4Verifier.ParseAmzDate(amzDate)
            ?? throw new SigV4Failure(SigV4FailureKind.IncompleteSignature, "Authorization requires an X-Amz-Date header in the form yyyyMMddTHHmmssZ.");
        if (amzDate![..8] != authorization.Date)
        {
            throw new SigV4Failure(SigV4FailureKind.IncompleteSignature, $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{authorization.Date}' != '{amzDate[..8]}', from '{amzDate}'.");
        }

        var now = time.GetUtcNow();
        // AWS's wording for a clock skew beyond 15 minutes either way (aws/aws-sdk-js-v3#5811).
        if (at < now - MaxSkew)
        {
            throw new SigV4Failure(SigV4FailureKind.SignatureExpired, $"Signature expired: {amzDate} is now earlier than {(now - MaxSkew):yyyyMMdd'T'HHmmss'Z'} ({now:yyyyMMdd'T'HHmmss'Z'} - 15 min.)");
        }

        if (at > now + MaxSkew)
        {
            throw new SigV4Failure(SigV4FailureKind.SignatureExpired, $"Signature not yet current: {amzDate} is still later than {(now + MaxSkew):yyyyMMdd'T'HHmmss'Z'} ({now:yyyyMMdd'T'HHmmss'Z'} + 15 min.)");
        }

        var securityToken = SigV4Verifier.Header(sigRequest, "x-amz-security-token");
        string secret;
        SessionClaims? session = null;
        if (securityToken is not null || authorization.AccessKeyId.StartsWith("ASIA", StringComparison.Ordinal))
        {
            session = sessions.Open(securityToken);
            if (session is null || !string.Equals(session.AccessKeyId, authorization.AccessKeyId, StringComparison.Ordinal))
            {
                throw new SigV4Failure(SigV4FailureKind.UnknownAccessKey, "The security token included in the request is invalid.");
            }

            if (session.Expiration <= now)
            {
                throw new SigV4Failure(SigV4FailureKind.ExpiredToken, "The security token included in the request is expired");
            }

            secret = session.SecretAccessKey;
        }
        else
        {
            var options = admin.Value;
            if (!options.IsConfigured && runtime.IsDevelopment)
            {
                return new Caller(authorization.AccessKeyId, null);
            }

            if (!options.IsConfigured || !string.Equals(authorization.AccessKeyId, options.AccessKeyId, StringComparison.Ordinal))
            {
                throw new SigV4Failure(SigV4FailureKind.UnknownAccessKey, "The security token included in the request is invalid.");
            }

            secret = options.SecretAccessKey!;
        }

        var expected = SigV4Verifier.ExpectedSignature(sigRequest, authorization, secret);
        if (!SigV4Verifier.PayloadHashMatches(sigRequest) || !SigV4Verifier.SignatureMatches(expected, authorization.Signature))
        {
            throw new SigV4Failure(
                SigV4FailureKind.SignatureMismatch,
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
        }

        return new Caller(authorization.AccessKeyId, session);
    }
}

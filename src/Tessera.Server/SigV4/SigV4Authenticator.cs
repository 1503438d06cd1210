// SPDX-License-Identifier: Apache-2.0
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Tessera.Core;
using Tessera.Core.Errors;

namespace Tessera.Server.SigV4;

/// <summary>
/// Verifies administrative calls (see <see cref="CredentialVerifier"/>) and words failures as the JSON
/// services do. In start-dev without a key, any well-formed signature is accepted (the start-up log says
/// so); <c>start</c> refuses to run without one.
/// </summary>
/// <remarks>
/// Every failure is a 400, as the JSON-protocol services answer them: cognito-idp returns
/// InvalidSignatureException and UnrecognizedClientException with "400 Bad Request"
/// (ArranJacques/laravel-aws-cognito-auth#18, #25; aws/aws-sdk-php#2444), and DynamoDB's error table
/// lists MissingAuthenticationTokenException and IncompleteSignatureException as 400 too.
/// </remarks>
internal sealed class SigV4Authenticator(CredentialVerifier verifier, IOptions<TesseraOptions> options) : IRequestAuthenticator
{
    public ValueTask AuthenticateAsync(HttpRequest request, ReadOnlyMemory<byte> body, string service, CancellationToken cancellationToken)
    {
        Caller caller;
        try
        {
            caller = verifier.Verify(request, body, SigV4Scope.AwsJson(service, options.Value.Region));
        }
        catch (SigV4Failure failure)
        {
            throw failure.Kind switch
            {
                SigV4FailureKind.MissingAuthentication => new CognitoException("MissingAuthenticationTokenException", failure.Message),
                SigV4FailureKind.IncompleteSignature => new CognitoException("IncompleteSignatureException", failure.Message),
                SigV4FailureKind.WrongService or SigV4FailureKind.WrongRegion or SigV4FailureKind.UnsignedHeader or SigV4FailureKind.SignatureExpired or SigV4FailureKind.SignatureMismatch
                    => new CognitoException("InvalidSignatureException", failure.Message),
                SigV4FailureKind.ExpiredToken => CognitoErrors.ExpiredSecurityToken(),
                _ => CognitoErrors.InvalidSecurityToken(),
            };
        }

        if (caller.Session is { } session)
        {
            // Identity-pool credentials carry a role Tessera has no policy for: they may call STS, not administer pools.
            throw CognitoErrors.AccessDenied(
                $"User: arn:aws:sts::{options.Value.AccountId}:assumed-role/{session.RoleName}/{session.SessionName} is not authorized to perform: {service} administrative actions");
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

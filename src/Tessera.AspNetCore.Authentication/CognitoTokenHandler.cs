// SPDX-License-Identifier: Apache-2.0
using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Tessera.AspNetCore.Authentication;

/// <summary>
/// JwtBearer's token handler with a short path for the token every request of a Cognito API carries: a signed
/// JWS whose <c>kid</c> names an RSA key of the cached JWKS and whose <c>alg</c> is on the allow-list. That
/// path parses the token once (<see cref="JsonWebToken"/>), verifies the RS256 signature with the key's
/// <see cref="RSA"/> directly, then applies IdentityModel's own lifetime and issuer validators and claims
/// identity. Everything else falls through to <see cref="JsonWebTokenHandler"/> unchanged: a token the short
/// path does not accept (bad signature, unknown kid, wrong issuer, another algorithm, JWE, malformed) and any
/// parameters it does not cover (custom validators or resolvers, audience, replay or type checks), so a
/// rejection, the key refresh it triggers and its exception are always the stock handler's. Only an expiry
/// found after a good signature is answered here, with the exception the stock validator throws.
/// </summary>
internal sealed class CognitoTokenHandler : JsonWebTokenHandler
{
    /// <summary>How often a successful validation re-marks the configuration as last known good (the stock handler does on every one).</summary>
    private const long LastKnownGoodRenewalMilliseconds = 60_000;

    /// <summary>The RSA public key of each signing key, made once per key object (a JWKS refresh brings new ones).</summary>
    private static readonly ConditionalWeakTable<SecurityKey, VerificationKey> VerificationKeys = [];

    private static readonly SearchValues<char> Base64UrlAlphabet = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private long lastKnownGoodMarkedAt = long.MinValue;

    public CognitoTokenHandler() => MapInboundClaims = false;

    public override Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (validationParameters is null || string.IsNullOrEmpty(token) || token.Length > MaximumTokenSizeInBytes || !CoversParameters(validationParameters))
        {
            return base.ValidateTokenAsync(token!, validationParameters!);
        }

        BaseConfiguration? configuration = null;
        if (validationParameters.ConfigurationManager is { } manager)
        {
            // The cached configuration comes back synchronously; a fetch in progress or failed is the stock handler's business.
            var pending = manager.GetBaseConfigurationAsync(CancellationToken.None);
            if (!pending.IsCompletedSuccessfully)
            {
                return base.ValidateTokenAsync(token, validationParameters);
            }

            configuration = pending.Result;
        }

        return TryValidate(token, validationParameters, configuration) is { } result
            ? Task.FromResult(result)
            : base.ValidateTokenAsync(token, validationParameters);
    }

    /// <summary>
    /// The short path, or null to hand the token to the stock handler. Order as the stock handler's: signature,
    /// then lifetime, then issuer.
    /// </summary>
    internal TokenValidationResult? TryValidate(string token, TokenValidationParameters parameters, BaseConfiguration? configuration)
    {
        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(token);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or System.Text.Json.JsonException)
        {
            // Malformed: the stock handler reports it.
            return null;
        }

        if (jwt.IsEncrypted || !jwt.IsSigned || string.IsNullOrEmpty(jwt.Kid) || HashOf(jwt.Alg) is not { } hash || !Allows(parameters.ValidAlgorithms!, jwt.Alg))
        {
            return null;
        }

        if (FindKey(jwt.Kid, parameters, configuration) is not { } key || RsaOf(key, jwt.Alg) is not { } rsa || !Verify(rsa, token, hash))
        {
            return null;
        }

        jwt.SigningKey = key;
        try
        {
            var expires = jwt.ValidTo == DateTime.MinValue ? (DateTime?)null : jwt.ValidTo;
            var notBefore = jwt.ValidFrom == DateTime.MinValue ? (DateTime?)null : jwt.ValidFrom;
            Validators.ValidateLifetime(notBefore, expires, jwt, parameters);
        }
        catch (SecurityTokenValidationException e)
        {
            return new TokenValidationResult { IsValid = false, Exception = e };
        }

        string issuer;
        try
        {
            issuer = Validators.ValidateIssuer(jwt.Issuer, jwt, parameters);
        }
        catch (SecurityTokenInvalidIssuerException)
        {
            // Not the configured issuer: the stock handler also accepts the discovery document's.
            return null;
        }

        MarkLastKnownGood(parameters.ConfigurationManager, configuration);
        return new TokenValidationResult
        {
            IsValid = true,
            SecurityToken = jwt,
            Issuer = issuer,
            TokenType = jwt.Typ,
            ClaimsIdentity = CreateClaimsIdentity(jwt, parameters, issuer),
        };
    }

    /// <summary>
    /// Whether the short path makes every check these parameters ask for: the library's (issuer, lifetime with
    /// an expiry required, signed tokens, an algorithm allow-list) and nothing it would skip.
    /// </summary>
    internal static bool CoversParameters(TokenValidationParameters p)
        => p.ValidateIssuer && p.ValidateLifetime && p.RequireExpirationTime && p.RequireSignedTokens
            && p.ValidAlgorithms is not null
            && !p.ValidateAudience && !p.ValidateTokenReplay && !p.ValidateIssuerSigningKey && !p.ValidateSignatureLast
            && !p.ValidateActor && !p.ValidateWithLKG && !p.RefreshBeforeValidation && !p.IncludeTokenOnFailedValidation
            && p.ValidTypes is null
            && p.SignatureValidator is null && p.SignatureValidatorUsingConfiguration is null
            && p.IssuerSigningKeyResolver is null && p.IssuerSigningKeyResolverUsingConfiguration is null
            && p.IssuerValidator is null && p.IssuerValidatorUsingConfiguration is null
            && p.LifetimeValidator is null && p.AlgorithmValidator is null && p.TypeValidator is null
            && p.AudienceValidator is null && p.TokenReplayValidator is null
            && p.IssuerSigningKeyValidator is null && p.IssuerSigningKeyValidatorUsingConfiguration is null
            && p.TransformBeforeSignatureValidation is null && p.TokenReader is null && p.TryReadJwtClaim is null;

    private static HashAlgorithmName? HashOf(string alg) => alg switch
    {
        SecurityAlgorithms.RsaSha256 => HashAlgorithmName.SHA256,
        SecurityAlgorithms.RsaSha384 => HashAlgorithmName.SHA384,
        SecurityAlgorithms.RsaSha512 => HashAlgorithmName.SHA512,
        _ => null,
    };

    private static bool Allows(IEnumerable<string> algorithms, string alg)
    {
        foreach (var allowed in algorithms)
        {
            if (string.Equals(allowed, alg, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The key the token's kid names, looked up where the stock handler looks and in the same order.</summary>
    private static SecurityKey? FindKey(string kid, TokenValidationParameters parameters, BaseConfiguration? configuration)
    {
        if (parameters.IssuerSigningKey is { } single && Matches(single, kid))
        {
            return single;
        }

        return Find(parameters.IssuerSigningKeys, kid) ?? Find(configuration?.SigningKeys, kid);

        static SecurityKey? Find(IEnumerable<SecurityKey>? keys, string kid)
        {
            if (keys is not null)
            {
                foreach (var key in keys)
                {
                    if (key is not null && Matches(key, kid))
                    {
                        return key;
                    }
                }
            }

            return null;
        }

        static bool Matches(SecurityKey key, string kid)
            => string.Equals(key.KeyId, kid, key is X509SecurityKey ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }

    /// <summary>The RSA public key of a signing key, or null for any key the short path leaves to the stock handler.</summary>
    private static RSA? RsaOf(SecurityKey key, string alg)
    {
        if (key is JsonWebKey { Alg: { Length: > 0 } keyAlg } && !string.Equals(keyAlg, alg, StringComparison.Ordinal))
        {
            return null;
        }

        return VerificationKeys.GetValue(key, static k => new VerificationKey(Create(k))).Rsa;

        static RSA? Create(SecurityKey key)
        {
            RSA? rsa = key switch
            {
                RsaSecurityKey { Rsa: { } r } => r,
                RsaSecurityKey { Parameters.Modulus: not null } r => RSA.Create(r.Parameters),
                JsonWebKey { Kty: JsonWebAlgorithmsKeyTypes.RSA, N: { Length: > 0 } n, E: { Length: > 0 } e } j when j.Use is null or "" or JsonWebKeyUseNames.Sig
                    => RSA.Create(new RSAParameters { Modulus = Base64UrlEncoder.DecodeBytes(n), Exponent = Base64UrlEncoder.DecodeBytes(e) }),
                X509SecurityKey x => x.PublicKey as RSA,
                _ => null,
            };

            // The stock handler's minimum for verifying is 1024 bits; anything below Cognito's 2048 goes to it.
            return rsa is { KeySize: >= 2048 } ? rsa : null;
        }
    }

    /// <summary>RSASSA-PKCS1-v1_5 over the signing input (header.payload), with the signature decoded from base64url.</summary>
    private static bool Verify(RSA rsa, string token, HashAlgorithmName hash)
    {
        var dot = token.LastIndexOf('.');
        var encodedSignature = token.AsSpan(dot + 1);
        // The decoder would skip whitespace the stock one rejects; the size bound keeps the buffer on the stack (RSA-8192).
        if (encodedSignature.Length > 1400 || encodedSignature.ContainsAnyExcept(Base64UrlAlphabet))
        {
            return false;
        }

        Span<byte> signature = stackalloc byte[1024];
        if (Base64Url.DecodeFromChars(encodedSignature, signature, out _, out var signatureLength) != OperationStatus.Done)
        {
            return false;
        }

        var input = token.AsSpan(0, dot);
        var rented = input.Length > 2000 ? ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(input.Length)) : null;
        try
        {
            var buffer = rented is not null ? rented : stackalloc byte[2048 * 3];
            var length = Encoding.UTF8.GetBytes(input, buffer);
            return rsa.VerifyData(buffer[..length], signature[..signatureLength], hash, RSASignaturePadding.Pkcs1);
        }
        catch (CryptographicException)
        {
            return false;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// The stock handler marks the configuration that validated a token as last known good, for the
    /// configuration manager's fallback when a later refresh goes wrong; so does the short path, at most once a minute
    /// for the same configuration (each mark restarts its lifetime and inserts it into a cache).
    /// </summary>
    private void MarkLastKnownGood(BaseConfigurationManager? manager, BaseConfiguration? configuration)
    {
        if (manager is null || configuration is null)
        {
            return;
        }

        var now = Environment.TickCount64;
        if (!ReferenceEquals(manager.LastKnownGoodConfiguration, configuration) || now - Volatile.Read(ref lastKnownGoodMarkedAt) >= LastKnownGoodRenewalMilliseconds)
        {
            Volatile.Write(ref lastKnownGoodMarkedAt, now);
            manager.LastKnownGoodConfiguration = configuration;
        }
    }

    private sealed record VerificationKey(RSA? Rsa);
}

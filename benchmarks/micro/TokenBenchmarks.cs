// SPDX-License-Identifier: Apache-2.0
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tessera.Core.Tokens;

namespace Tessera.Benchmarks.Micro;

/// <summary>RSA-2048 on one core, on the bytes of a token Tessera really issues.</summary>
public class TokenBenchmarks
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };
    private IssuerFixture fixture = null!;
    private RSA rsa = null!;
    private SigningCredentials credentials = null!;
    private byte[] signingInput = null!;
    private byte[] signature = null!;
    private Dictionary<string, object> accessClaims = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        fixture = new IssuerFixture();
        credentials = await fixture.Keys.SigningCredentialsAsync(IssuerFixture.PoolId, SigningKeyPurpose.Access, CancellationToken.None);
        rsa = ((RsaSecurityKey)credentials.Key).Rsa;
        var tokens = await fixture.Issuer.IssueAsync(fixture.User, fixture.Client, fixture.Session(), withRefreshToken: false, generation: null, knownGroups: null, CancellationToken.None);
        var parts = tokens.AccessToken.Split('.');
        signingInput = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        signature = Base64UrlEncoder.DecodeBytes(parts[2]);
        if (!rsa.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            throw new InvalidOperationException("The issued access token does not verify with its own key.");
        }

        var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        accessClaims = new Dictionary<string, object>(16, StringComparer.Ordinal)
        {
            ["sub"] = fixture.User.Sub,
            ["iss"] = "http://127.0.0.1:9230/" + IssuerFixture.PoolId,
            ["version"] = 2,
            ["client_id"] = fixture.Client.ClientId,
            ["origin_jti"] = Guid.NewGuid().ToString(),
            ["event_id"] = Guid.NewGuid().ToString(),
            ["token_use"] = "access",
            ["scope"] = TokenIssuer.AdminScope,
            ["auth_time"] = now,
            ["exp"] = now + 3600,
            ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString(),
            ["username"] = fixture.User.Username,
        };
    }

    /// <summary>The sign limit: one RS256 signature over an access token's header.payload.</summary>
    [Benchmark]
    public byte[] RsaSign() => rsa.SignData(signingInput, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    [Benchmark]
    public bool RsaVerify() => rsa.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    /// <summary>The JsonWebTokenHandler call TokenIssuer makes for one token.</summary>
    [Benchmark]
    public string JwtCreateSign() => Handler.CreateToken(new SecurityTokenDescriptor { Claims = accessClaims, SigningCredentials = credentials, TokenType = null });

    /// <summary>TokenIssuer.IssueClientAccessTokenAsync as client_credentials calls it: one access token (1 sign), no database.</summary>
    [Benchmark]
    public Task<(string AccessToken, int ExpiresIn)> ClientCredentialsIssue() => fixture.Issuer.IssueClientAccessTokenAsync(fixture.Client, "bench-api/read bench-api/write", CancellationToken.None);

    /// <summary>TokenIssuer.IssueAsync as a refresh calls it: access + ID token (2 signs), no database.</summary>
    [Benchmark]
    public Task<IssuedTokens> TokenIssuerRefresh() => fixture.Issuer.IssueAsync(fixture.User, fixture.Client, fixture.Session(), withRefreshToken: false, generation: null, knownGroups: null, CancellationToken.None);
}

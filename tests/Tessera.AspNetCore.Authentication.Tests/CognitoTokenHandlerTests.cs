// SPDX-License-Identifier: Apache-2.0
using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Tessera.AspNetCore.Authentication.Tests;

/// <summary>
/// The library's token handler: its short path accepts exactly the valid RS256 token with a known kid, and every
/// other token ends where JsonWebTokenHandler would have put it, with the same kind of failure.
/// </summary>
public sealed class CognitoTokenHandlerTests : IDisposable
{
    private const string Issuer = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Handler01";
    private const string Client = "handlerclient0000000000000a";
    private readonly RSA rsa = RSA.Create(2048);
    private readonly RsaSecurityKey signingKey;
    private readonly OpenIdConnectConfiguration configuration;
    private readonly CognitoTokenHandler handler = new();

    public CognitoTokenHandlerTests()
    {
        signingKey = new RsaSecurityKey(rsa) { KeyId = "key-1" };
        configuration = Configuration(signingKey);
    }

    public void Dispose() => rsa.Dispose();

    [Fact]
    public async Task ValidToken_TakesTheShortPath_WithTheStockHandlersIdentity()
    {
        var token = Sign(Claims());
        var parameters = Parameters();

        var lean = handler.TryValidate(token, parameters, configuration);
        var stock = await new JsonWebTokenHandler { MapInboundClaims = false }.ValidateTokenAsync(token, Parameters());

        lean.ShouldNotBeNull();
        lean.IsValid.ShouldBeTrue();
        stock.IsValid.ShouldBeTrue();
        Describe(lean.ClaimsIdentity).ShouldBe(Describe(stock.ClaimsIdentity));
        lean.ClaimsIdentity.Name.ShouldBe("alice");
        lean.ClaimsIdentity.IsAuthenticated.ShouldBeTrue();
        lean.ClaimsIdentity.FindAll(CognitoClaimTypes.Groups).Select(c => c.Value).ShouldBe(["admins", "readers"]);
        ((JsonWebToken)lean.SecurityToken).SigningKey.ShouldBeSameAs(configuration.SigningKeys.Single());
        (await handler.ValidateTokenAsync(token, parameters)).IsValid.ShouldBeTrue();
    }

    [Fact]
    public async Task ExpiredToken_IsRejectedAsExpired()
    {
        var token = Sign(Claims(exp: TimeProvider.System.GetUtcNow().AddMinutes(-5)));

        var lean = handler.TryValidate(token, Parameters(), configuration);

        lean.ShouldNotBeNull();
        lean.IsValid.ShouldBeFalse();
        lean.Exception.ShouldBeOfType<SecurityTokenExpiredException>();
        await ShouldFailLikeStockAsync(token, typeof(SecurityTokenExpiredException));
    }

    [Fact]
    public async Task TokenWithinTheClockSkew_IsAccepted()
    {
        var token = Sign(Claims(exp: TimeProvider.System.GetUtcNow().AddSeconds(-20)));

        (await handler.ValidateTokenAsync(token, Parameters())).IsValid.ShouldBeTrue();
    }

    [Fact]
    public async Task TokenNotYetValid_IsRejected()
    {
        var claims = Claims();
        claims["nbf"] = TimeProvider.System.GetUtcNow().AddMinutes(10).ToUnixTimeSeconds();

        await ShouldFailLikeStockAsync(Sign(claims), typeof(SecurityTokenNotYetValidException));
    }

    [Fact]
    public async Task TokenWithoutExpiry_IsRejected()
    {
        var claims = Claims();
        claims.Remove("exp");

        await ShouldFailLikeStockAsync(Sign(claims), typeof(SecurityTokenNoExpirationException));
    }

    [Fact]
    public async Task UnknownKid_FallsThroughAndIsRejectedAsKeyNotFound()
    {
        using var other = RSA.Create(2048);
        var token = Sign(Claims(), new RsaSecurityKey(other) { KeyId = "key-2" });

        handler.TryValidate(token, Parameters(), configuration).ShouldBeNull();
        await ShouldFailLikeStockAsync(token, typeof(SecurityTokenSignatureKeyNotFoundException));
    }

    [Fact]
    public async Task KnownKidSignedByAnotherKey_IsRejectedAsBadSignature()
    {
        using var other = RSA.Create(2048);
        var token = Sign(Claims(), new RsaSecurityKey(other) { KeyId = "key-1" });

        handler.TryValidate(token, Parameters(), configuration).ShouldBeNull();
        await ShouldFailLikeStockAsync(token, typeof(SecurityTokenInvalidSignatureException));
    }

    [Fact]
    public async Task TamperedSignature_IsRejected()
    {
        var token = Sign(Claims());
        var tampered = token[..^4] + (token[^4] == 'A' ? 'B' : 'A') + token[^3..];

        handler.TryValidate(tampered, Parameters(), configuration).ShouldBeNull();
        await ShouldFailLikeStockAsync(tampered, typeof(SecurityTokenInvalidSignatureException));
    }

    [Fact]
    public async Task TamperedPayload_IsRejected()
    {
        var token = Sign(Claims());
        var parts = token.Split('.');
        var forged = $"{parts[0]}.{Base64UrlEncoder.Encode(JsonSerializer(Claims(username: "mallory")))}.{parts[2]}";

        handler.TryValidate(forged, Parameters(), configuration).ShouldBeNull();
        await ShouldFailLikeStockAsync(forged, typeof(SecurityTokenInvalidSignatureException));
    }

    [Fact]
    public async Task SignatureWithWhitespace_IsRejected()
    {
        var token = Sign(Claims());
        var spaced = token[..^10] + " " + token[^10..];

        handler.TryValidate(spaced, Parameters(), configuration).ShouldBeNull();
        (await handler.ValidateTokenAsync(spaced, Parameters())).IsValid.ShouldBeFalse();
    }

    [Fact]
    public async Task AlgNone_IsRejected()
    {
        var header = Base64UrlEncoder.Encode("""{"alg":"none","kid":"key-1"}""");
        var token = $"{header}.{Base64UrlEncoder.Encode(JsonSerializer(Claims()))}.";

        handler.TryValidate(token, Parameters(), configuration).ShouldBeNull();
        (await handler.ValidateTokenAsync(token, Parameters())).IsValid.ShouldBeFalse();
        (await new JsonWebTokenHandler().ValidateTokenAsync(token, Parameters())).IsValid.ShouldBeFalse();
    }

    [Fact]
    public async Task Hs256SignedWithThePublicKey_IsRejected()
    {
        // Algorithm confusion: an HMAC keyed with the public key the JWKS publishes, under the RSA key's kid.
        var publicKey = rsa.ExportSubjectPublicKeyInfo();
        var header = Base64UrlEncoder.Encode("""{"alg":"HS256","kid":"key-1","typ":"JWT"}""");
        var input = $"{header}.{Base64UrlEncoder.Encode(JsonSerializer(Claims()))}";
        var token = $"{input}.{Base64UrlEncoder.Encode(HMACSHA256.HashData(publicKey, Encoding.ASCII.GetBytes(input)))}";

        handler.TryValidate(token, Parameters(), configuration).ShouldBeNull();
        (await handler.ValidateTokenAsync(token, Parameters())).IsValid.ShouldBeFalse();
    }

    [Fact]
    public async Task AlgorithmOffTheAllowList_IsRejected()
    {
        var token = Sign(Claims(), signingKey, SecurityAlgorithms.RsaSha512);

        handler.TryValidate(token, Parameters(), configuration).ShouldBeNull();
        (await handler.ValidateTokenAsync(token, Parameters())).IsValid.ShouldBeFalse();
    }

    [Fact]
    public async Task OtherIssuer_IsRejected()
    {
        var claims = Claims();
        claims["iss"] = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other0001";

        var token = Sign(claims);

        handler.TryValidate(token, Parameters(), configuration).ShouldBeNull();
        await ShouldFailLikeStockAsync(token, typeof(SecurityTokenInvalidIssuerException));
    }

    [Fact]
    public async Task MalformedToken_IsRejected()
    {
        handler.TryValidate("not-a-jwt", Parameters(), configuration).ShouldBeNull();
        (await handler.ValidateTokenAsync("not-a-jwt", Parameters())).IsValid.ShouldBeFalse();
    }

    [Fact]
    public async Task ParametersWithAnApplicationsValidator_UseTheStockPath()
    {
        var parameters = Parameters();
        parameters.IssuerValidator = (_, _, _) => throw new SecurityTokenInvalidIssuerException("The application refuses this issuer.");

        CognitoTokenHandler.CoversParameters(Parameters()).ShouldBeTrue();
        CognitoTokenHandler.CoversParameters(parameters).ShouldBeFalse();
        var result = await handler.ValidateTokenAsync(Sign(Claims()), parameters);

        result.IsValid.ShouldBeFalse();
        result.Exception.ShouldBeOfType<SecurityTokenInvalidIssuerException>();
    }

    [Fact]
    public async Task RotatedKeys_AreFoundByKid()
    {
        using var next = RSA.Create(2048);
        var nextKey = new RsaSecurityKey(next) { KeyId = "key-2" };
        (await handler.ValidateTokenAsync(Sign(Claims()), Parameters())).IsValid.ShouldBeTrue();

        var rotated = Parameters(Configuration(signingKey, nextKey));
        var result = await handler.ValidateTokenAsync(Sign(Claims(), nextKey), rotated);

        result.IsValid.ShouldBeTrue();
        ((JsonWebToken)result.SecurityToken).SigningKey.KeyId.ShouldBe("key-2");
    }

    [Fact]
    public async Task SuccessfulValidation_MarksTheConfigurationLastKnownGood()
    {
        var manager = new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration);
        var parameters = Parameters();
        parameters.ConfigurationManager = manager;

        (await handler.ValidateTokenAsync(Sign(Claims()), parameters)).IsValid.ShouldBeTrue();

        manager.LastKnownGoodConfiguration.ShouldBeSameAs(configuration);
    }

    [Fact]
    public async Task Api_ValidAccessToken_IsAccepted()
    {
        await using var api = await StartApiAsync();

        var response = await api.GetAsync(Sign(Claims()));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("alice");
    }

    [Fact]
    public async Task Api_IdTokenWhereAccessExpected_IsRejected()
    {
        await using var api = await StartApiAsync();

        var response = await api.GetAsync(Sign(Claims(tokenUse: "id")));

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldContain("token_use is 'id'");
    }

    [Fact]
    public async Task Api_TokenOfAnotherClient_IsRejected()
    {
        await using var api = await StartApiAsync();

        var response = await api.GetAsync(Sign(Claims(client: "someotherclient00000000000")));

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldContain("which this API does not accept");
    }

    [Fact]
    public async Task Api_ExpiredToken_IsRejectedAsExpired()
    {
        await using var api = await StartApiAsync();

        var response = await api.GetAsync(Sign(Claims(exp: TimeProvider.System.GetUtcNow().AddMinutes(-5))));

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldContain("The token has expired.");
    }

    [Fact]
    public async Task Api_TamperedSignature_IsRejected()
    {
        await using var api = await StartApiAsync();
        var token = Sign(Claims());

        var response = await api.GetAsync(token[..^4] + (token[^4] == 'A' ? 'B' : 'A') + token[^3..]);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldContain("The token's signature is invalid.");
    }

    [Fact]
    public async Task Api_ConfiguredFromConfiguration_ChecksTheIssuerAndTakesTheShortPath()
    {
        await using var api = await StartApiAsync(fromConfiguration: true);
        var claims = Claims();
        claims["iss"] = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other0001";

        var accepted = await api.GetAsync(Sign(Claims()));
        var otherIssuer = await api.GetAsync(Sign(claims));

        accepted.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await accepted.Content.ReadAsStringAsync()).ShouldBe("alice");
        otherIssuer.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        otherIssuer.Headers.WwwAuthenticate.ToString().ShouldContain("issued by another issuer");
        var options = api.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(CognitoJwtBearerDefaults.AuthenticationScheme);
        options.TokenValidationParameters.ValidIssuer.ShouldBe(Issuer);
        options.TokenValidationParameters.ValidAlgorithms.ShouldBe([SecurityAlgorithms.RsaSha256]);
        options.TokenValidationParameters.NameClaimType.ShouldBe(CognitoClaimTypes.Username);
        CognitoTokenHandler.CoversParameters(options.TokenValidationParameters).ShouldBeTrue();
    }

    [Fact]
    public void AddCognitoJwtBearer_InstallsTheLibrarysTokenHandlerOnly()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddAuthentication().AddCognitoJwtBearer(o => o.Authority = new Uri(Issuer));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(CognitoJwtBearerDefaults.AuthenticationScheme);

        options.TokenHandlers.ShouldHaveSingleItem().ShouldBeOfType<CognitoTokenHandler>();
    }

    /// <summary>The library's handler and the stock one both reject the token, with the same exception type.</summary>
    private async Task ShouldFailLikeStockAsync(string token, Type expected)
    {
        var ours = await handler.ValidateTokenAsync(token, Parameters());
        var stock = await new JsonWebTokenHandler { MapInboundClaims = false }.ValidateTokenAsync(token, Parameters());

        ours.IsValid.ShouldBeFalse();
        stock.IsValid.ShouldBeFalse();
        ours.Exception.ShouldBeAssignableTo(expected);
        ours.Exception.GetType().ShouldBe(stock.Exception.GetType());
    }

    /// <summary>The parameters JwtBearerHandler hands the token handler per request, as the library configures them.</summary>
    private TokenValidationParameters Parameters(OpenIdConnectConfiguration? keys = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddAuthentication().AddCognitoJwtBearer(o =>
        {
            o.Authority = new Uri(Issuer);
            o.ClientIds.Add(Client);
        });
        using var provider = services.BuildServiceProvider();
        var parameters = provider.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(CognitoJwtBearerDefaults.AuthenticationScheme).TokenValidationParameters.Clone();
        parameters.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(keys ?? configuration);
        return parameters;
    }

    private static OpenIdConnectConfiguration Configuration(params RsaSecurityKey[] keys)
    {
        var configuration = new OpenIdConnectConfiguration { Issuer = Issuer, JsonWebKeySet = new JsonWebKeySet() };
        foreach (var key in keys)
        {
            // As discovery delivers them: public JWKs.
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(key.Rsa.ExportParameters(false)) { KeyId = key.KeyId });
            jwk.Use = JsonWebKeyUseNames.Sig;
            jwk.Alg = SecurityAlgorithms.RsaSha256;
            configuration.JsonWebKeySet.Keys.Add(jwk);
            configuration.SigningKeys.Add(jwk);
        }

        return configuration;
    }

    private static Dictionary<string, object> Claims(DateTimeOffset? exp = null, string tokenUse = "access", string client = Client, string username = "alice")
    {
        var now = TimeProvider.System.GetUtcNow();
        return new Dictionary<string, object>
        {
            ["sub"] = "7f5e1c0a-1b2c-4d3e-8f9a-0b1c2d3e4f50",
            ["cognito:groups"] = new[] { "admins", "readers" },
            ["iss"] = Issuer,
            ["client_id"] = client,
            ["token_use"] = tokenUse,
            ["scope"] = "aws.cognito.signin.user.admin",
            ["auth_time"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["iat"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["exp"] = (exp ?? now.AddHours(1)).ToUnixTimeSeconds(),
            ["username"] = username,
        };
    }

    private static string JsonSerializer(Dictionary<string, object> claims) => System.Text.Json.JsonSerializer.Serialize(claims);

    private string Sign(Dictionary<string, object> claims, RsaSecurityKey? key = null, string algorithm = SecurityAlgorithms.RsaSha256)
        => new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            SigningCredentials = new SigningCredentials(key ?? signingKey, algorithm),
        });

    private static string[] Describe(ClaimsIdentity identity)
        => [$"{identity.AuthenticationType}|{identity.NameClaimType}|{identity.RoleClaimType}", .. identity.Claims.Select(c => $"{c.Type}={c.Value}|{c.ValueType}|{c.Issuer}|{c.OriginalIssuer}")];

    private async Task<ApiHost> StartApiAsync(bool fromConfiguration = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (fromConfiguration)
        {
            // The way the sample and docs configure it: appsettings' Authentication:Schemes:Cognito section only.
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Authentication:Schemes:Cognito:Authority"] = Issuer,
                ["Authentication:Schemes:Cognito:ClientIds:0"] = Client,
            });
            builder.Services.AddAuthentication().AddCognitoJwtBearer(CognitoJwtBearerDefaults.AuthenticationScheme);
        }
        else
        {
            builder.Services.AddAuthentication().AddCognitoJwtBearer(o =>
            {
                o.Authority = new Uri(Issuer);
                o.ClientIds.Add(Client);
            });
        }

        // The JWKS as a running API holds it after its first read.
        builder.Services.Configure<JwtBearerOptions>(CognitoJwtBearerDefaults.AuthenticationScheme,
            o => o.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration));
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/api/hello", (HttpContext context) => context.User.GetCognitoUsername()).RequireAuthorization();
        await app.StartAsync();
        return new ApiHost(app);
    }

    private sealed class ApiHost(WebApplication app) : IAsyncDisposable
    {
        private readonly HttpClient http = app.GetTestClient();

        public IServiceProvider Services => app.Services;

        public Task<HttpResponseMessage> GetAsync(string token)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/hello");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return http.SendAsync(request);
        }

        public async ValueTask DisposeAsync()
        {
            http.Dispose();
            await app.DisposeAsync();
        }
    }
}

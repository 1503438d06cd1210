// SPDX-License-Identifier: Apache-2.0
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Tessera.AspNetCore.Authentication;

namespace Tessera.Benchmarks.Library;

/// <summary>
/// G1: one access token, validated (a) by raw <see cref="RSA.VerifyData(byte[], byte[], HashAlgorithmName, RSASignaturePadding)"/>
/// of its signing input, (b) by the library's path: JwtBearer's token handler with the parameters the library
/// configures, the keys from the (cached) configuration manager as JwtBearerHandler passes them, then the
/// library's OnTokenValidated event (token_use/client_id), (c) the same with stock AddJwtBearer parameters, and
/// (d) the library's whole authentication handler on a request (header parsing, events, principal).
/// </summary>
[MemoryDiagnoser]
public class ValidationBenchmarks
{
    private BenchToken bench = null!;
    private RSA rsa = null!;
    private byte[] signingInput = null!;
    private byte[] signature = null!;
    private Scheme library = null!;
    private Scheme stock = null!;
    private Endpoint protectedEndpoint = null!;

    [GlobalSetup]
    public void Setup()
    {
        bench = BenchToken.Load();
        var key = new JsonWebKeySet(bench.Jwks).Keys[0];
        rsa = RSA.Create(new RSAParameters { Modulus = Base64UrlEncoder.DecodeBytes(key.N), Exponent = Base64UrlEncoder.DecodeBytes(key.E) });
        var lastDot = bench.Token.LastIndexOf('.');
        signingInput = Encoding.ASCII.GetBytes(bench.Token[..lastDot]);
        signature = Base64UrlEncoder.DecodeBytes(bench.Token[(lastDot + 1)..]);

        var configuration = new OpenIdConnectConfiguration { Issuer = bench.Issuer, JsonWebKeySet = new JsonWebKeySet(bench.Jwks) };
        foreach (var k in configuration.JsonWebKeySet.GetSigningKeys())
        {
            configuration.SigningKeys.Add(k);
        }

        library = Scheme.Build(CognitoJwtBearerDefaults.AuthenticationScheme, configuration, a => a.AddCognitoJwtBearer(o =>
        {
            o.Authority = new Uri(bench.Issuer);
            o.ClientIds.Add(bench.ClientId);
        }));
        stock = Scheme.Build(JwtBearerDefaults.AuthenticationScheme, configuration, a => a.AddJwtBearer(o =>
        {
            o.Authority = bench.Issuer;
            o.RequireHttpsMetadata = false;
            o.MapInboundClaims = false;
            o.TokenValidationParameters.ValidateAudience = false;
        }));
        protectedEndpoint = new Endpoint(null, new EndpointMetadataCollection(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute()), "hello");

        // A benchmark that measures a rejection would be worthless: check each path accepts the token first.
        if (!RawVerify() || !LibraryValidation().GetAwaiter().GetResult() || !StockValidation().GetAwaiter().GetResult()
            || !LibraryHandler().GetAwaiter().GetResult())
        {
            throw new InvalidOperationException("A validation path rejected the benchmark token.");
        }
    }

    /// <summary>Not a benchmark: parts of the path, to split its cost.</summary>
    public bool PartParse() => new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(bench.Token).IsSigned;

    public bool PartParseAndIdentity() => exposed.Identity(new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(bench.Token), fixedParameters ??= LibraryParameters()).IsAuthenticated;

    public bool PartClone() => library.Options.TokenValidationParameters.Clone().ValidateIssuer;

    public bool PartHandlerNoClone() => library.Options.TokenHandlers[0].ValidateTokenAsync(bench.Token, fixedParameters ??= LibraryParameters()).GetAwaiter().GetResult().IsValid;

    public bool PartLeanNoClone() => lean.TryValidate(bench.Token, fixedParameters ??= LibraryParameters(), library.Configuration)!.IsValid;

    private readonly CognitoTokenHandler lean = new();
    private readonly ExposedHandler exposed = new();
    private TokenValidationParameters? fixedParameters;

    private sealed class ExposedHandler : Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler
    {
        public ClaimsIdentity Identity(Microsoft.IdentityModel.JsonWebTokens.JsonWebToken token, TokenValidationParameters parameters) => CreateClaimsIdentity(token, parameters, "issuer");
    }

    /// <summary>The benchmark token.</summary>
    public string Token => bench.Token;

    /// <summary>Not a benchmark: the parameters the library's token handler receives per request.</summary>
    public TokenValidationParameters LibraryParameters()
    {
        var parameters = library.Options.TokenValidationParameters.Clone();
        parameters.ConfigurationManager = (BaseConfigurationManager)library.Options.ConfigurationManager!;
        return parameters;
    }

    [Benchmark(Baseline = true)]
    public bool RawVerify() => rsa.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    [Benchmark]
    public Task<bool> LibraryValidation() => library.ValidateAsync(bench.Token);

    [Benchmark]
    public Task<bool> StockValidation() => stock.ValidateAsync(bench.Token);

    /// <summary>Not a benchmark: a bare JsonWebTokenHandler with the key given as an RsaSecurityKey (the anchor's set-up) or as the JWKS's JsonWebKey.</summary>
    public async Task<bool> BareHandler(bool jsonWebKey)
    {
        bare ??= new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler { MapInboundClaims = false };
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = bench.Issuer,
            ValidateAudience = false,
        };
        if (jsonWebKey)
        {
            parameters.IssuerSigningKey = jwk ??= new JsonWebKeySet(bench.Jwks).Keys[0];
        }
        else
        {
            parameters.IssuerSigningKey = rsaKey ??= new RsaSecurityKey(rsa);
        }

        return (await bare.ValidateTokenAsync(bench.Token, parameters)).IsValid;
    }

    private Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler? bare;
    private JsonWebKey? jwk;
    private RsaSecurityKey? rsaKey;

    /// <summary>Not a benchmark: the library's parameters with the keys set directly (the experiment in docs/benchmarks-library.md).</summary>
    public Task<bool> LibraryValidationKeysDirect() => library.ValidateAsync(bench.Token, keysDirect: true);

    /// <summary>Not a benchmark: the library's parameters and events with the stock JsonWebTokenHandler instead of the library's (the path before CognitoTokenHandler).</summary>
    public Task<bool> LibraryValidationStockHandler() => library.ValidateAsync(bench.Token, handler: stockHandler);

    private readonly Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler stockHandler = new() { MapInboundClaims = false };

    /// <summary>Not a benchmark: the library's path without the RSA verification, to split its cost.</summary>
    public Task<bool> LibraryValidationNoSignature() => library.ValidateAsync(bench.Token, skipSignature: true);

    [Benchmark]
    public async Task<bool> LibraryHandler()
    {
        await using var scope = library.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Authorization = "Bearer " + bench.Token;
        context.SetEndpoint(protectedEndpoint);
        var result = await context.AuthenticateAsync(CognitoJwtBearerDefaults.AuthenticationScheme);
        return result.Succeeded;
    }

    /// <summary>A JwtBearer scheme as a host would configure it, with the JWKS already cached.</summary>
    private sealed class Scheme
    {
        public required ServiceProvider Services { get; init; }
        public required JwtBearerOptions Options { get; init; }
        public required AuthenticationScheme Definition { get; init; }
        public required DefaultHttpContext Context { get; init; }
        public required OpenIdConnectConfiguration Configuration { get; init; }

        public static Scheme Build(string name, OpenIdConnectConfiguration configuration, Action<AuthenticationBuilder> add)
        {
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
            add(services.AddAuthentication());
            // The configuration manager a running server has after its first (and only) JWKS read.
            services.Configure<JwtBearerOptions>(name, o => o.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration));
            var provider = services.BuildServiceProvider();
            return new Scheme
            {
                Services = provider,
                Options = provider.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(name),
                Definition = new AuthenticationScheme(name, null, typeof(JwtBearerHandler)),
                Context = new DefaultHttpContext { RequestServices = provider },
                Configuration = configuration,
            };
        }

        /// <summary>What JwtBearerHandler does once it has the token: clone the parameters, hand them the configuration manager, validate, run OnTokenValidated.</summary>
        /// <param name="token">The access token.</param>
        /// <param name="keysDirect">Experiment: hand the keys over as IssuerSigningKeys instead of the configuration manager.</param>
        /// <param name="skipSignature">Experiment: everything but the RSA verification (parsing, claims, issuer, lifetime, events).</param>
        /// <param name="handler">Experiment: another token handler than the options' own.</param>
        public async Task<bool> ValidateAsync(string token, bool keysDirect = false, bool skipSignature = false, TokenHandler? handler = null)
        {
            var parameters = Options.TokenValidationParameters.Clone();
            if (skipSignature)
            {
                parameters.SignatureValidator = static (t, _) => new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(t);
            }

            if (keysDirect)
            {
                parameters.IssuerSigningKeys = Configuration.SigningKeys;
            }
            else
            {
                parameters.ConfigurationManager = (BaseConfigurationManager)Options.ConfigurationManager!;
            }

            var result = await (handler ?? Options.TokenHandlers[0]).ValidateTokenAsync(token, parameters);
            if (!result.IsValid)
            {
                return false;
            }

            var validated = new TokenValidatedContext(Context, Definition, Options)
            {
                Principal = new ClaimsPrincipal(result.ClaimsIdentity),
                SecurityToken = result.SecurityToken,
            };
            await Options.Events.TokenValidated(validated);
            return validated.Result?.Failure is null;
        }
    }
}

/// <summary>The token, issuer, client and JWKS written by issuer.mjs (LIBBENCH_DIR), so G1 and G2 verify the same token.</summary>
internal sealed record BenchToken(string Token, string Issuer, string ClientId, string Jwks)
{
    public static BenchToken Load()
    {
        var dir = Environment.GetEnvironmentVariable("LIBBENCH_DIR")
            ?? throw new InvalidOperationException("Set LIBBENCH_DIR to the directory issuer.mjs wrote (run.sh does).");
        string Read(string name) => File.ReadAllText(Path.Combine(dir, name)).Trim();
        return new BenchToken(Read("token"), Read("issuer"), Read("client_id"), Read("jwks.json"));
    }
}

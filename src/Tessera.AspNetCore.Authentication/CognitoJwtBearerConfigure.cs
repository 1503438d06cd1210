// SPDX-License-Identifier: Apache-2.0
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Tessera.AspNetCore.Authentication;

/// <summary>
/// Turns <see cref="CognitoJwtBearerOptions"/> into JwtBearer settings: issuer and discovery from the pool,
/// RS256 only, no inbound claim mapping, then the checks Cognito asks of a verifier that JwtBearer does not
/// make itself (<c>token_use</c>, <c>client_id</c>/<c>aud</c>), and RFC 6750 challenges with a reason.
/// </summary>
internal sealed class CognitoJwtBearerConfigure(IOptionsMonitor<CognitoJwtBearerOptions> cognito, IEnumerable<CognitoScheme> schemes)
    : IConfigureNamedOptions<JwtBearerOptions>, IPostConfigureOptions<JwtBearerOptions>
{
    public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);

    public void Configure(string? name, JwtBearerOptions options)
    {
        if (name is null || !schemes.Any(s => s.Name == name))
        {
            return;
        }

        var settings = cognito.Get(name);
        var issuer = settings.ResolveIssuer().ToString().TrimEnd('/');
        options.Authority = issuer;
        options.MetadataAddress = issuer + "/.well-known/openid-configuration";
        options.RequireHttpsMetadata = settings.RequireHttpsMetadata ?? !IsLoopback(issuer);
        options.MapInboundClaims = false;
        options.RefreshOnIssuerKeyNotFound = true;
        // The same checks as JsonWebTokenHandler's, with a short path for a valid RS256 token (CognitoTokenHandler).
        options.TokenHandlers.Clear();
        options.TokenHandlers.Add(new CognitoTokenHandler());
        // Fresh parameters: with settings under Authentication:Schemes:{name}, JwtBearer's own configuration step has
        // just replaced them with its defaults (ValidateIssuerSigningKey, empty issuer and audience lists, a key
        // iterator over the section), which are not the library's; the application's own
        // Configure<JwtBearerOptions> calls run after this one.
        var parameters = options.TokenValidationParameters = new TokenValidationParameters();
        parameters.ValidIssuer = issuer;
        parameters.ValidateIssuer = true;
        // Access tokens carry no aud; the client check below covers both token kinds.
        parameters.ValidateAudience = false;
        parameters.ValidateLifetime = true;
        parameters.ClockSkew = settings.ClockSkew;
        parameters.ValidAlgorithms = [SecurityAlgorithms.RsaSha256];
        parameters.NameClaimType = settings.TokenUse == "id" ? CognitoClaimTypes.CognitoUsername : CognitoClaimTypes.Username;
        parameters.RoleClaimType = CognitoClaimTypes.Groups;
    }

    /// <summary>
    /// The Cognito checks wrap whatever events the application configured, after all its configuration,
    /// so replacing <see cref="JwtBearerOptions.Events"/> cannot switch them off.
    /// </summary>
    public void PostConfigure(string? name, JwtBearerOptions options)
    {
        if (name is null || !schemes.Any(s => s.Name == name))
        {
            return;
        }

        var settings = cognito.Get(name);
        var clients = settings.ClientIds.ToHashSet(StringComparer.Ordinal);
        var tokenUse = settings.TokenUse;
        options.Events ??= new JwtBearerEvents();
        // The wrappers return the application's task instead of awaiting it: no async state machine per
        // request on the success path (measured in docs/benchmarks-library.md).
        var received = options.Events.OnMessageReceived;
        options.Events.OnMessageReceived = context =>
        {
            // Minimal hosting adds UseAuthentication and makes a lone scheme the default, so without this
            // every request with an Authorization header would pay for a validation nobody reads.
            if (IsAnonymousEndpoint(context.HttpContext))
            {
                context.NoResult();
                return Task.CompletedTask;
            }

            return received(context);
        };
        var validated = options.Events.OnTokenValidated;
        options.Events.OnTokenValidated = context =>
        {
            var failure = Check(context.SecurityToken, context.Principal, tokenUse, clients);
            if (failure is not null)
            {
                context.Fail(new CognitoTokenRejectedException(failure));
                return Task.CompletedTask;
            }

            return validated(context);
        };
        var refresh = new KeyRefresh();
        var failed = options.Events.OnAuthenticationFailed;
        options.Events.OnAuthenticationFailed = async context =>
        {
            if (context.Exception is SecurityTokenSignatureKeyNotFoundException && await RetryWithFreshKeysAsync(context, refresh, tokenUse, clients).ConfigureAwait(false))
            {
                return;
            }

            await failed(context).ConfigureAwait(false);
        };
        var challenge = options.Events.OnChallenge;
        options.Events.OnChallenge = async context =>
        {
            await challenge(context).ConfigureAwait(false);
            if (!context.Handled)
            {
                await WriteChallengeAsync(context).ConfigureAwait(false);
            }
        };
    }

    /// <summary>
    /// A key the cached JWKS lacks means the pool rotated keys: read discovery and the JWKS again now
    /// (JwtBearer's own refresh would only serve the next request) and validate once more in the same
    /// request. At most one such read per <see cref="KeyRefresh.MinimumInterval"/>, so forged kids cannot
    /// flood the pool; the configuration manager is asked to refresh too.
    /// </summary>
    private static async Task<bool> RetryWithFreshKeysAsync(AuthenticationFailedContext context, KeyRefresh refresh, string tokenUse, HashSet<string> clients)
    {
        var options = context.Options;
        if (options.ConfigurationManager is null
            || context.Request.Headers.Authorization.ToString() is not { Length: > 7 } header
            || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var configuration = await refresh.GetAsync(options, context.HttpContext.RequestAborted).ConfigureAwait(false);
        if (configuration is null)
        {
            return false;
        }

        options.ConfigurationManager.RequestRefresh();
        var parameters = options.TokenValidationParameters.Clone();
        parameters.IssuerSigningKeys = configuration.SigningKeys;
        var result = await new CognitoTokenHandler()
            .ValidateTokenAsync(header[7..].Trim(), parameters).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return false;
        }

        var principal = new System.Security.Claims.ClaimsPrincipal(result.ClaimsIdentity);
        var failure = Check(result.SecurityToken, principal, tokenUse, clients);
        if (failure is not null)
        {
            context.Fail(new CognitoTokenRejectedException(failure));
            return true;
        }

        context.Principal = principal;
        context.Success();
        return true;
    }

    /// <summary>
    /// Reads token_use and client_id/aud from the validated token's payload (already parsed, no walk over the
    /// principal's claims); the principal is the fallback for a token handler other than JsonWebTokenHandler.
    /// </summary>
    private static string? Check(SecurityToken? token, System.Security.Claims.ClaimsPrincipal? principal, string tokenUse, HashSet<string> clients)
    {
        var jwt = token as Microsoft.IdentityModel.JsonWebTokens.JsonWebToken;
        var use = Claim(jwt, principal, CognitoClaimTypes.TokenUse);
        if (use != tokenUse)
        {
            return $"The token's token_use is '{use}'; this API accepts '{tokenUse}' tokens.";
        }

        if (clients.Count == 0)
        {
            return null;
        }

        var client = tokenUse == "id" ? Claim(jwt, principal, "aud") : Claim(jwt, principal, CognitoClaimTypes.ClientId);
        return client is not null && clients.Contains(client) ? null : $"The token was issued to client '{client}', which this API does not accept.";
    }

    /// <summary>A string claim; an array (an aud with several values) is read as its first value, as FindFirst does.</summary>
    private static string? Claim(Microsoft.IdentityModel.JsonWebTokens.JsonWebToken? jwt, System.Security.Claims.ClaimsPrincipal? principal, string type)
    {
        if (jwt is null)
        {
            return principal?.FindFirst(type)?.Value;
        }

        if (jwt.TryGetPayloadValue<string>(type, out var value))
        {
            return value;
        }

        return jwt.TryGetPayloadValue<string[]>(type, out var values) && values.Length > 0 ? values[0] : null;
    }

    /// <summary>RFC 6750 §3: no error code when the request had no token; invalid_token with a description otherwise.</summary>
    private static async Task WriteChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var response = context.Response;
        var reason = context.AuthenticateFailure switch
        {
            null => null,
            CognitoTokenRejectedException e => e.Message,
            SecurityTokenExpiredException => "The token has expired.",
            SecurityTokenSignatureKeyNotFoundException => "The token is signed by a key the user pool does not publish.",
            SecurityTokenInvalidSignatureException => "The token's signature is invalid.",
            SecurityTokenInvalidIssuerException => "The token was issued by another issuer.",
            SecurityTokenMalformedException or ArgumentException => "The token is malformed.",
            _ => "The token is invalid.",
        };
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.Headers.WWWAuthenticate = reason is null
            ? "Bearer"
            : $"Bearer error=\"invalid_token\", error_description=\"{reason.Replace("\"", "'", StringComparison.Ordinal)}\"";
        response.ContentType = "application/json";
        var message = reason ?? "Missing bearer token: send Authorization: Bearer <access token>.";
        await response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["message"] = message }), Encoding.UTF8).ConfigureAwait(false);
    }

    /// <summary>An endpoint with no authorization metadata, in an app without a fallback policy, reads no user.</summary>
    private static bool IsAnonymousEndpoint(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is null
            || endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>() is not null
            || endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.AuthorizationPolicy>() is not null)
        {
            return false;
        }

        var authorization = context.RequestServices.GetService<IOptions<Microsoft.AspNetCore.Authorization.AuthorizationOptions>>();
        return authorization?.Value.FallbackPolicy is null;
    }

    private static bool IsLoopback(string url)
        => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsLoopback;
}

/// <summary>A token JwtBearer accepted but Cognito's rules reject (wrong token_use or client).</summary>
internal sealed class CognitoTokenRejectedException(string message) : SecurityTokenValidationException(message);

/// <summary>One scheme's direct re-read of discovery and JWKS, shared by concurrent requests and rate-limited.</summary>
internal sealed class KeyRefresh
{
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(30);
    private readonly Lock sync = new();
    private Task<Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectConfiguration?>? current;
    private DateTimeOffset started = DateTimeOffset.MinValue;

    public Task<Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectConfiguration?> GetAsync(JwtBearerOptions options, CancellationToken cancellationToken)
    {
        lock (sync)
        {
            var now = options.TimeProvider?.GetUtcNow() ?? TimeProvider.System.GetUtcNow();
            if (current is null || now - started >= MinimumInterval)
            {
                started = now;
                current = ReadAsync(options);
            }

            return current.WaitAsync(cancellationToken);
        }
    }

    private static async Task<Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectConfiguration?> ReadAsync(JwtBearerOptions options)
    {
        try
        {
            var retriever = new Microsoft.IdentityModel.Protocols.HttpDocumentRetriever(options.Backchannel) { RequireHttps = options.RequireHttpsMetadata };
            return await Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectConfigurationRetriever
                .GetAsync(options.MetadataAddress, retriever, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or HttpRequestException or ArgumentException)
        {
            // The pool cannot be reached: the request fails as it would have without the retry.
            return null;
        }
    }
}

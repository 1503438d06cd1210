// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;

namespace Tessera.Core.Clients;

public sealed record TokenValidityUnitsType
{
    public string? AccessToken { get; init; }
    public string? IdToken { get; init; }
    public string? RefreshToken { get; init; }
}

public sealed record RefreshTokenRotationType
{
    public string? Feature { get; init; }
    public int? RetryGracePeriodSeconds { get; init; }
}

/// <summary>An app client's configuration, with the member names of UserPoolClientType.</summary>
public sealed record AppClientSettings
{
    public int? RefreshTokenValidity { get; init; }
    public int? AccessTokenValidity { get; init; }
    public int? IdTokenValidity { get; init; }
    public TokenValidityUnitsType? TokenValidityUnits { get; init; }
    public IReadOnlyList<string>? ReadAttributes { get; init; }
    public IReadOnlyList<string>? WriteAttributes { get; init; }
    public IReadOnlyList<string>? ExplicitAuthFlows { get; init; }
    public IReadOnlyList<string>? SupportedIdentityProviders { get; init; }
    public IReadOnlyList<string>? CallbackURLs { get; init; }
    public IReadOnlyList<string>? LogoutURLs { get; init; }
    public string? DefaultRedirectURI { get; init; }
    public IReadOnlyList<string>? AllowedOAuthFlows { get; init; }
    public IReadOnlyList<string>? AllowedOAuthScopes { get; init; }
    public bool? AllowedOAuthFlowsUserPoolClient { get; init; }
    public JsonElement? AnalyticsConfiguration { get; init; }
    public string? PreventUserExistenceErrors { get; init; }
    public bool? EnableTokenRevocation { get; init; }
    public bool? EnablePropagateAdditionalUserContextData { get; init; }
    public int? AuthSessionValidity { get; init; }
    public RefreshTokenRotationType? RefreshTokenRotation { get; init; }

    public bool PreventsUserExistenceErrors => PreventUserExistenceErrors == "ENABLED";

    public TimeSpan AccessTokenLifetime => Lifetime(AccessTokenValidity, TokenValidityUnits?.AccessToken, "hours", TimeSpan.FromHours(1));

    public TimeSpan IdTokenLifetime => Lifetime(IdTokenValidity, TokenValidityUnits?.IdToken, "hours", TimeSpan.FromHours(1));

    /// <summary>0 or absent means the default of 30 days (model doc of RefreshTokenValidity).</summary>
    public TimeSpan RefreshTokenLifetime => Lifetime(RefreshTokenValidity is 0 ? null : RefreshTokenValidity, TokenValidityUnits?.RefreshToken, "days", TimeSpan.FromDays(30));

    public TimeSpan AuthSessionLifetime => TimeSpan.FromMinutes(AuthSessionValidity ?? 3);

    /// <summary>Refresh-token rotation (RefreshTokenRotationType): each refresh replaces the refresh token.</summary>
    public bool RotatesRefreshTokens => RefreshTokenRotation?.Feature == "ENABLED";

    /// <summary>How long a rotated-out refresh token is still honoured, for client retries; absent means 0 (none).</summary>
    public TimeSpan RefreshTokenRetryGracePeriod => TimeSpan.FromSeconds(RefreshTokenRotation?.RetryGracePeriodSeconds ?? 0);

    /// <summary>Whether the client allows <paramref name="flow"/>, reading both the ALLOW_ and the legacy names.</summary>
    public bool Allows(string flow)
    {
        var flows = ExplicitAuthFlows is { Count: > 0 } f ? f : AppClientDefaults.ExplicitAuthFlows;
        return flow switch
        {
            "USER_PASSWORD_AUTH" => flows.Contains("ALLOW_USER_PASSWORD_AUTH") || flows.Contains("USER_PASSWORD_AUTH"),
            "ADMIN_USER_PASSWORD_AUTH" or "ADMIN_NO_SRP_AUTH" => flows.Contains("ALLOW_ADMIN_USER_PASSWORD_AUTH") || flows.Contains("ADMIN_NO_SRP_AUTH"),
            "USER_SRP_AUTH" => flows.Contains("ALLOW_USER_SRP_AUTH") || !flows.Any(x => x.StartsWith("ALLOW_", StringComparison.Ordinal)),
            "CUSTOM_AUTH" => flows.Contains("ALLOW_CUSTOM_AUTH") || flows.Contains("CUSTOM_AUTH_FLOW_ONLY"),
            // Legacy clients without ALLOW_ names always allow refresh.
            "REFRESH_TOKEN_AUTH" or "REFRESH_TOKEN" => flows.Contains("ALLOW_REFRESH_TOKEN_AUTH") || !flows.Any(x => x.StartsWith("ALLOW_", StringComparison.Ordinal)),
            "USER_AUTH" => flows.Contains("ALLOW_USER_AUTH"),
            _ => false,
        };
    }

    private static TimeSpan Lifetime(int? value, string? unit, string defaultUnit, TimeSpan fallback) => value is not int v
        ? fallback
        : (unit ?? defaultUnit) switch
        {
            "seconds" => TimeSpan.FromSeconds(v),
            "minutes" => TimeSpan.FromMinutes(v),
            "hours" => TimeSpan.FromHours(v),
            "days" => TimeSpan.FromDays(v),
            _ => fallback,
        };
}

public static class AppClientDefaults
{
    /// <summary>What AWS enables when ExplicitAuthFlows is omitted.</summary>
    public static IReadOnlyList<string> ExplicitAuthFlows { get; } = ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH"];
}

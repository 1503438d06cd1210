// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using Tessera.Core.Clients;

namespace Tessera.Server.CognitoIdp.Shapes;

/// <summary>The configuration members CreateUserPoolClient and UpdateUserPoolClient share, with the names of UserPoolClientType.</summary>
internal abstract record AppClientSettingsRequest
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

    /// <summary>The whole configuration the request describes; what it omits is left for the service to default.</summary>
    public AppClientSettings ToSettings() => new()
    {
        RefreshTokenValidity = RefreshTokenValidity,
        AccessTokenValidity = AccessTokenValidity,
        IdTokenValidity = IdTokenValidity,
        TokenValidityUnits = TokenValidityUnits,
        ReadAttributes = ReadAttributes,
        WriteAttributes = WriteAttributes,
        ExplicitAuthFlows = ExplicitAuthFlows,
        SupportedIdentityProviders = SupportedIdentityProviders,
        CallbackURLs = CallbackURLs,
        LogoutURLs = LogoutURLs,
        DefaultRedirectURI = DefaultRedirectURI,
        AllowedOAuthFlows = AllowedOAuthFlows,
        AllowedOAuthScopes = AllowedOAuthScopes,
        AllowedOAuthFlowsUserPoolClient = AllowedOAuthFlowsUserPoolClient,
        AnalyticsConfiguration = AnalyticsConfiguration,
        PreventUserExistenceErrors = PreventUserExistenceErrors,
        EnableTokenRevocation = EnableTokenRevocation,
        EnablePropagateAdditionalUserContextData = EnablePropagateAdditionalUserContextData,
        AuthSessionValidity = AuthSessionValidity,
        RefreshTokenRotation = RefreshTokenRotation,
    };
}

// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using Tessera.Core.Clients;

namespace Tessera.Server.CognitoIdp.Shapes;

/// <summary>UserPoolClientType. The same members, minus the ids, make up the Create/Update requests.</summary>
internal sealed record UserPoolClientType
{
    public required string UserPoolId { get; init; }
    public required string ClientName { get; init; }
    public required string ClientId { get; init; }
    public string? ClientSecret { get; init; }
    public DateTimeOffset LastModifiedDate { get; init; }
    public DateTimeOffset CreationDate { get; init; }
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

    public static UserPoolClientType From(AppClient client, string? secret)
    {
        var s = client.Settings;
        return new UserPoolClientType
        {
            UserPoolId = client.PoolId,
            ClientName = client.ClientName,
            ClientId = client.ClientId,
            ClientSecret = secret,
            LastModifiedDate = client.UpdatedAt,
            CreationDate = client.CreatedAt,
            RefreshTokenValidity = s.RefreshTokenValidity,
            AccessTokenValidity = s.AccessTokenValidity,
            IdTokenValidity = s.IdTokenValidity,
            TokenValidityUnits = s.TokenValidityUnits,
            ReadAttributes = s.ReadAttributes,
            WriteAttributes = s.WriteAttributes,
            ExplicitAuthFlows = s.ExplicitAuthFlows,
            SupportedIdentityProviders = s.SupportedIdentityProviders,
            CallbackURLs = s.CallbackURLs,
            LogoutURLs = s.LogoutURLs,
            DefaultRedirectURI = s.DefaultRedirectURI,
            AllowedOAuthFlows = s.AllowedOAuthFlows,
            AllowedOAuthScopes = s.AllowedOAuthScopes,
            AllowedOAuthFlowsUserPoolClient = s.AllowedOAuthFlowsUserPoolClient,
            AnalyticsConfiguration = s.AnalyticsConfiguration,
            PreventUserExistenceErrors = s.PreventUserExistenceErrors,
            EnableTokenRevocation = s.EnableTokenRevocation,
            EnablePropagateAdditionalUserContextData = s.EnablePropagateAdditionalUserContextData,
            AuthSessionValidity = s.AuthSessionValidity,
            RefreshTokenRotation = s.RefreshTokenRotation,
        };
    }
}

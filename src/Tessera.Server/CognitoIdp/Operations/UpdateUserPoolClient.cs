// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Serialization;
using Tessera.Core.Clients;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record UpdateUserPoolClientRequest
{
    public required string UserPoolId { get; init; }
    public required string ClientId { get; init; }
    public string? ClientName { get; init; }
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

    /// <summary>The whole new configuration: UpdateUserPoolClient returns omitted settings to their defaults (API reference).</summary>
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

internal sealed record UpdateUserPoolClientResponse(UserPoolClientType UserPoolClient);

[CognitoOperation("UpdateUserPoolClient")]
internal sealed class UpdateUserPoolClientHandler(AppClientService clients)
    : IOperationHandler<UpdateUserPoolClientRequest, UpdateUserPoolClientResponse>
{
    public async ValueTask<UpdateUserPoolClientResponse> HandleAsync(UpdateUserPoolClientRequest request, CancellationToken cancellationToken)
    {
        var client = await clients.UpdateAsync(request.UserPoolId, request.ClientId, request.ClientName, request.ToSettings(), cancellationToken).ConfigureAwait(false);
        return new UpdateUserPoolClientResponse(UserPoolClientType.From(client, clients.RevealSecret(client)));
    }
}

[JsonSerializable(typeof(UpdateUserPoolClientRequest))]
[JsonSerializable(typeof(UpdateUserPoolClientResponse))]
internal sealed partial class UpdateUserPoolClientJsonContext : JsonSerializerContext;

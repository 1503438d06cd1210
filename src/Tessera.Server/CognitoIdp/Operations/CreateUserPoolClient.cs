// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Serialization;
using Tessera.Core.Clients;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record CreateUserPoolClientRequest
{
    public required string UserPoolId { get; init; }
    public required string ClientName { get; init; }
    public bool? GenerateSecret { get; init; }
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

internal sealed record CreateUserPoolClientResponse(UserPoolClientType UserPoolClient);

[CognitoOperation("CreateUserPoolClient")]
internal sealed class CreateUserPoolClientHandler(AppClientService clients)
    : IOperationHandler<CreateUserPoolClientRequest, CreateUserPoolClientResponse>
{
    public async ValueTask<CreateUserPoolClientResponse> HandleAsync(CreateUserPoolClientRequest request, CancellationToken cancellationToken)
    {
        var client = await clients.CreateAsync(request.UserPoolId, request.ClientName, request.GenerateSecret == true, request.ToSettings(), cancellationToken).ConfigureAwait(false);
        return new CreateUserPoolClientResponse(UserPoolClientType.From(client, clients.RevealSecret(client)));
    }
}

[JsonSerializable(typeof(CreateUserPoolClientRequest))]
[JsonSerializable(typeof(CreateUserPoolClientResponse))]
internal sealed partial class CreateUserPoolClientJsonContext : JsonSerializerContext;

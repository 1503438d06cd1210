// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Identity;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdentity.Shapes;

namespace Tessera.Server.CognitoIdentity.Operations;

internal sealed record CreateIdentityPoolRequest
{
    public required string IdentityPoolName { get; init; }
    public required bool AllowUnauthenticatedIdentities { get; init; }
    public bool? AllowClassicFlow { get; init; }
    public Dictionary<string, string>? SupportedLoginProviders { get; init; }
    public string? DeveloperProviderName { get; init; }
    public List<string>? OpenIdConnectProviderARNs { get; init; }
    public List<CognitoIdentityProvider>? CognitoIdentityProviders { get; init; }
    public List<string>? SamlProviderARNs { get; init; }
    public Dictionary<string, string>? IdentityPoolTags { get; init; }
}

[AwsOperation("cognito-identity", "CreateIdentityPool")]
internal sealed class CreateIdentityPoolHandler(IdentityPoolService pools) : IOperationHandler<CreateIdentityPoolRequest, IdentityPoolType>
{
    public async ValueTask<IdentityPoolType> HandleAsync(CreateIdentityPoolRequest request, CancellationToken cancellationToken)
    {
        var settings = new IdentityPoolType
        {
            IdentityPoolId = string.Empty,
            IdentityPoolName = request.IdentityPoolName,
            AllowUnauthenticatedIdentities = request.AllowUnauthenticatedIdentities,
            SupportedLoginProviders = request.SupportedLoginProviders,
            DeveloperProviderName = request.DeveloperProviderName,
            OpenIdConnectProviderARNs = request.OpenIdConnectProviderARNs,
            CognitoIdentityProviders = request.CognitoIdentityProviders,
            SamlProviderARNs = request.SamlProviderARNs,
            IdentityPoolTags = request.IdentityPoolTags,
        }.ToSettings();
        var pool = await pools.CreateAsync(request.IdentityPoolName, request.AllowUnauthenticatedIdentities, request.AllowClassicFlow, settings, cancellationToken).ConfigureAwait(false);
        return IdentityPoolType.From(pool);
    }
}

[JsonSerializable(typeof(CreateIdentityPoolRequest))]
[JsonSerializable(typeof(IdentityPoolType))]
internal sealed partial class CreateIdentityPoolJsonContext : JsonSerializerContext;

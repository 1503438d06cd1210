// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Federation;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record ListIdentityProvidersRequest(string UserPoolId, int? MaxResults = null, string? NextToken = null);

internal sealed record ListIdentityProvidersResponse(IReadOnlyList<ProviderDescription> Providers, string? NextToken);

[CognitoOperation("ListIdentityProviders")]
internal sealed class ListIdentityProvidersHandler(IdentityProviderService providers)
    : IOperationHandler<ListIdentityProvidersRequest, ListIdentityProvidersResponse>
{
    public async ValueTask<ListIdentityProvidersResponse> HandleAsync(ListIdentityProvidersRequest request, CancellationToken cancellationToken)
    {
        var (page, next) = await providers.ListAsync(request.UserPoolId, request.MaxResults, request.NextToken, cancellationToken).ConfigureAwait(false);
        return new ListIdentityProvidersResponse(page.Select(ProviderDescription.From).ToList(), next);
    }
}

[JsonSerializable(typeof(ListIdentityProvidersRequest))]
[JsonSerializable(typeof(ListIdentityProvidersResponse))]
internal sealed partial class ListIdentityProvidersJsonContext : JsonSerializerContext;

// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Federation;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record DescribeIdentityProviderRequest(string UserPoolId, string ProviderName);

internal sealed record DescribeIdentityProviderResponse(IdentityProviderType IdentityProvider);

[CognitoOperation("DescribeIdentityProvider")]
internal sealed class DescribeIdentityProviderHandler(IdentityProviderService providers)
    : IOperationHandler<DescribeIdentityProviderRequest, DescribeIdentityProviderResponse>
{
    public async ValueTask<DescribeIdentityProviderResponse> HandleAsync(DescribeIdentityProviderRequest request, CancellationToken cancellationToken)
    {
        var provider = await providers.GetAsync(request.UserPoolId, request.ProviderName, cancellationToken).ConfigureAwait(false);
        return new DescribeIdentityProviderResponse(IdentityProviderType.From(provider, providers));
    }
}

[JsonSerializable(typeof(DescribeIdentityProviderRequest))]
[JsonSerializable(typeof(DescribeIdentityProviderResponse))]
internal sealed partial class DescribeIdentityProviderJsonContext : JsonSerializerContext;

// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Configuration;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record DescribeManagedLoginBrandingByClientRequest(string UserPoolId, string ClientId, bool? ReturnMergedResources);

internal sealed record DescribeManagedLoginBrandingByClientResponse(ManagedLoginBrandingType ManagedLoginBranding);

[CognitoOperation("DescribeManagedLoginBrandingByClient")]
internal sealed class DescribeManagedLoginBrandingByClientHandler(PoolConfigurationService configuration)
    : IOperationHandler<DescribeManagedLoginBrandingByClientRequest, DescribeManagedLoginBrandingByClientResponse>
{
    public async ValueTask<DescribeManagedLoginBrandingByClientResponse> HandleAsync(DescribeManagedLoginBrandingByClientRequest request, CancellationToken cancellationToken)
        => new(ManagedLoginBrandingType.From(request.UserPoolId,
            await configuration.BrandingByClientAsync(request.UserPoolId, request.ClientId, cancellationToken).ConfigureAwait(false)));
}

[JsonSerializable(typeof(DescribeManagedLoginBrandingByClientRequest))]
[JsonSerializable(typeof(DescribeManagedLoginBrandingByClientResponse))]
internal sealed partial class DescribeManagedLoginBrandingByClientJsonContext : JsonSerializerContext;

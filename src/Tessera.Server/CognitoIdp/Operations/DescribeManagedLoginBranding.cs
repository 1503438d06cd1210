// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Configuration;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

/// <remarks>ReturnMergedResources asks for Cognito's default values too; Tessera has none, so the style comes back as set.</remarks>
internal sealed record DescribeManagedLoginBrandingRequest(string UserPoolId, string ManagedLoginBrandingId, bool? ReturnMergedResources);

internal sealed record DescribeManagedLoginBrandingResponse(ManagedLoginBrandingType ManagedLoginBranding);

[CognitoOperation("DescribeManagedLoginBranding")]
internal sealed class DescribeManagedLoginBrandingHandler(PoolConfigurationService configuration)
    : IOperationHandler<DescribeManagedLoginBrandingRequest, DescribeManagedLoginBrandingResponse>
{
    public async ValueTask<DescribeManagedLoginBrandingResponse> HandleAsync(DescribeManagedLoginBrandingRequest request, CancellationToken cancellationToken)
        => new(ManagedLoginBrandingType.From(request.UserPoolId,
            await configuration.BrandingAsync(request.UserPoolId, request.ManagedLoginBrandingId, cancellationToken).ConfigureAwait(false)));
}

[JsonSerializable(typeof(DescribeManagedLoginBrandingRequest))]
[JsonSerializable(typeof(DescribeManagedLoginBrandingResponse))]
internal sealed partial class DescribeManagedLoginBrandingJsonContext : JsonSerializerContext;

// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Tessera.Core;
using Tessera.Core.HostedUi;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record GetUICustomizationRequest(string UserPoolId, string? ClientId = null);

internal sealed record GetUICustomizationResponse(UICustomizationType UICustomization);

[CognitoOperation("GetUICustomization")]
internal sealed class GetUICustomizationHandler(HostedUiService hostedUi, IOptions<TesseraOptions> options)
    : IOperationHandler<GetUICustomizationRequest, GetUICustomizationResponse>
{
    public async ValueTask<GetUICustomizationResponse> HandleAsync(GetUICustomizationRequest request, CancellationToken cancellationToken)
    {
        var found = await hostedUi.GetCustomizationAsync(request.UserPoolId, request.ClientId, cancellationToken).ConfigureAwait(false);
        return new GetUICustomizationResponse(UICustomizationType.From(found, options.Value));
    }
}

[JsonSerializable(typeof(GetUICustomizationRequest))]
[JsonSerializable(typeof(GetUICustomizationResponse))]
internal sealed partial class GetUICustomizationJsonContext : JsonSerializerContext;

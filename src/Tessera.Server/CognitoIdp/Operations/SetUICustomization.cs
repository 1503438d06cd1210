// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Tessera.Core;
using Tessera.Core.HostedUi;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record SetUICustomizationRequest(string UserPoolId, string? ClientId = null, string? CSS = null, byte[]? ImageFile = null);

internal sealed record SetUICustomizationResponse(UICustomizationType UICustomization);

[CognitoOperation("SetUICustomization")]
internal sealed class SetUICustomizationHandler(HostedUiService hostedUi, IOptions<TesseraOptions> options)
    : IOperationHandler<SetUICustomizationRequest, SetUICustomizationResponse>
{
    public async ValueTask<SetUICustomizationResponse> HandleAsync(SetUICustomizationRequest request, CancellationToken cancellationToken)
    {
        var saved = await hostedUi.SetCustomizationAsync(request.UserPoolId, request.ClientId, request.CSS, request.ImageFile, cancellationToken).ConfigureAwait(false);
        return new SetUICustomizationResponse(UICustomizationType.From(saved, options.Value));
    }
}

[JsonSerializable(typeof(SetUICustomizationRequest))]
[JsonSerializable(typeof(SetUICustomizationResponse))]
internal sealed partial class SetUICustomizationJsonContext : JsonSerializerContext;

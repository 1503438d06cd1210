// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Federation;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record GetSigningCertificateRequest(string UserPoolId);

internal sealed record GetSigningCertificateResponse(string Certificate);

[CognitoOperation("GetSigningCertificate")]
internal sealed class GetSigningCertificateHandler(IdentityProviderService providers)
    : IOperationHandler<GetSigningCertificateRequest, GetSigningCertificateResponse>
{
    public async ValueTask<GetSigningCertificateResponse> HandleAsync(GetSigningCertificateRequest request, CancellationToken cancellationToken)
        => new(await providers.GetSigningCertificateAsync(request.UserPoolId, cancellationToken).ConfigureAwait(false));
}

[JsonSerializable(typeof(GetSigningCertificateRequest))]
[JsonSerializable(typeof(GetSigningCertificateResponse))]
internal sealed partial class GetSigningCertificateJsonContext : JsonSerializerContext;

// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.HostedUi;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record UpdateUserPoolDomainRequest(string Domain, string UserPoolId, int? ManagedLoginVersion = null, CustomDomainConfigType? CustomDomainConfig = null);

internal sealed record UpdateUserPoolDomainResponse(int? ManagedLoginVersion, string? CloudFrontDomain);

[CognitoOperation("UpdateUserPoolDomain")]
internal sealed class UpdateUserPoolDomainHandler(HostedUiService hostedUi, Microsoft.Extensions.Options.IOptions<Tessera.Core.TesseraOptions> options)
    : IOperationHandler<UpdateUserPoolDomainRequest, UpdateUserPoolDomainResponse>
{
    public async ValueTask<UpdateUserPoolDomainResponse> HandleAsync(UpdateUserPoolDomainRequest request, CancellationToken cancellationToken)
    {
        var domain = await hostedUi.UpdateDomainAsync(request.UserPoolId, request.Domain, request.ManagedLoginVersion,
            request.CustomDomainConfig?.CertificateArn, request.CustomDomainConfig?.SecurityPolicy, cancellationToken).ConfigureAwait(false);
        return new UpdateUserPoolDomainResponse(domain.ManagedLoginVersion, domain.CertificateArn is null ? null : options.Value.PublicUrl.Host);
    }
}

[JsonSerializable(typeof(UpdateUserPoolDomainRequest))]
[JsonSerializable(typeof(UpdateUserPoolDomainResponse))]
internal sealed partial class UpdateUserPoolDomainJsonContext : JsonSerializerContext;

// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.HostedUi;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record CreateUserPoolDomainRequest(string Domain, string UserPoolId, int? ManagedLoginVersion = null, CustomDomainConfigType? CustomDomainConfig = null);

internal sealed record CreateUserPoolDomainResponse(int? ManagedLoginVersion, string? CloudFrontDomain);

[CognitoOperation("CreateUserPoolDomain")]
internal sealed class CreateUserPoolDomainHandler(HostedUiService hostedUi, Microsoft.Extensions.Options.IOptions<Tessera.Core.TesseraOptions> options)
    : IOperationHandler<CreateUserPoolDomainRequest, CreateUserPoolDomainResponse>
{
    public async ValueTask<CreateUserPoolDomainResponse> HandleAsync(CreateUserPoolDomainRequest request, CancellationToken cancellationToken)
    {
        var domain = await hostedUi.CreateDomainAsync(request.UserPoolId, request.Domain, request.ManagedLoginVersion,
            request.CustomDomainConfig?.CertificateArn, request.CustomDomainConfig?.SecurityPolicy, cancellationToken).ConfigureAwait(false);
        // AWS returns a CloudFront target only for custom domains, to point the DNS record at.
        return new CreateUserPoolDomainResponse(domain.ManagedLoginVersion, domain.CertificateArn is null ? null : options.Value.PublicUrl.Host);
    }
}

[JsonSerializable(typeof(CreateUserPoolDomainRequest))]
[JsonSerializable(typeof(CreateUserPoolDomainResponse))]
internal sealed partial class CreateUserPoolDomainJsonContext : JsonSerializerContext;

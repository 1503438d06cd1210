// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Tessera.Core;
using Tessera.Core.HostedUi;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record DescribeUserPoolDomainRequest(string Domain);

internal sealed record DescribeUserPoolDomainResponse(DomainDescriptionType DomainDescription);

[CognitoOperation("DescribeUserPoolDomain")]
internal sealed class DescribeUserPoolDomainHandler(HostedUiService hostedUi, IOptions<TesseraOptions> options)
    : IOperationHandler<DescribeUserPoolDomainRequest, DescribeUserPoolDomainResponse>
{
    public async ValueTask<DescribeUserPoolDomainResponse> HandleAsync(DescribeUserPoolDomainRequest request, CancellationToken cancellationToken)
    {
        var domain = await hostedUi.FindDomainAsync(request.Domain, cancellationToken).ConfigureAwait(false);
        // AWS answers an unknown domain with an empty description, not an error; scripts probe availability this way.
        return new DescribeUserPoolDomainResponse(domain is null ? new DomainDescriptionType() : DomainDescriptionType.From(domain, options.Value));
    }
}

[JsonSerializable(typeof(DescribeUserPoolDomainRequest))]
[JsonSerializable(typeof(DescribeUserPoolDomainResponse))]
internal sealed partial class DescribeUserPoolDomainJsonContext : JsonSerializerContext;

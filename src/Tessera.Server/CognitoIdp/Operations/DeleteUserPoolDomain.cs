// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.HostedUi;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record DeleteUserPoolDomainRequest(string Domain, string UserPoolId);

[CognitoOperation("DeleteUserPoolDomain")]
internal sealed class DeleteUserPoolDomainHandler(HostedUiService hostedUi) : IOperationHandler<DeleteUserPoolDomainRequest, EmptyResponse>
{
    public async ValueTask<EmptyResponse> HandleAsync(DeleteUserPoolDomainRequest request, CancellationToken cancellationToken)
    {
        await hostedUi.DeleteDomainAsync(request.UserPoolId, request.Domain, cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

[JsonSerializable(typeof(DeleteUserPoolDomainRequest))]
internal sealed partial class DeleteUserPoolDomainJsonContext : JsonSerializerContext;

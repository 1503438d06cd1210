// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Configuration;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record DeleteTermsRequest(string TermsId, string UserPoolId);

[CognitoOperation("DeleteTerms")]
internal sealed class DeleteTermsHandler(PoolConfigurationService configuration) : IOperationHandler<DeleteTermsRequest, EmptyResponse>
{
    public async ValueTask<EmptyResponse> HandleAsync(DeleteTermsRequest request, CancellationToken cancellationToken)
    {
        await configuration.DeleteTermsAsync(request.UserPoolId, request.TermsId, cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

[JsonSerializable(typeof(DeleteTermsRequest))]
internal sealed partial class DeleteTermsJsonContext : JsonSerializerContext;

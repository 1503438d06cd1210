// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Federation;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record AdminDisableProviderForUserRequest(string UserPoolId, ProviderUserIdentifierType User);

[CognitoOperation("AdminDisableProviderForUser")]
internal sealed class AdminDisableProviderForUserHandler(ProviderLinking linking) : IOperationHandler<AdminDisableProviderForUserRequest, EmptyResponse>
{
    public async ValueTask<EmptyResponse> HandleAsync(AdminDisableProviderForUserRequest request, CancellationToken cancellationToken)
    {
        await linking.UnlinkAsync(request.UserPoolId, request.User.ToIdentity(), cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

[JsonSerializable(typeof(AdminDisableProviderForUserRequest))]
internal sealed partial class AdminDisableProviderForUserJsonContext : JsonSerializerContext;

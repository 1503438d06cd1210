// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Users;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record AdminDeleteUserAttributesRequest(string UserPoolId, string Username, IReadOnlyList<string> UserAttributeNames);

[CognitoOperation("AdminDeleteUserAttributes")]
internal sealed class AdminDeleteUserAttributesHandler(UserMaintenance users)
    : IOperationHandler<AdminDeleteUserAttributesRequest, EmptyResponse>
{
    public async ValueTask<EmptyResponse> HandleAsync(AdminDeleteUserAttributesRequest request, CancellationToken cancellationToken)
    {
        await users.DeleteAttributesAsync(request.UserPoolId, request.Username, request.UserAttributeNames, cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

[JsonSerializable(typeof(AdminDeleteUserAttributesRequest))]
internal sealed partial class AdminDeleteUserAttributesJsonContext : JsonSerializerContext;

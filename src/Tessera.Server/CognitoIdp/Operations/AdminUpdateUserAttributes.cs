// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Users;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record AdminUpdateUserAttributesRequest(string UserPoolId, string Username, IReadOnlyList<AttributeType> UserAttributes, IReadOnlyDictionary<string, string>? ClientMetadata);

[CognitoOperation("AdminUpdateUserAttributes")]
internal sealed class AdminUpdateUserAttributesHandler(UserMaintenance users)
    : IOperationHandler<AdminUpdateUserAttributesRequest, EmptyResponse>
{
    public async ValueTask<EmptyResponse> HandleAsync(AdminUpdateUserAttributesRequest request, CancellationToken cancellationToken)
    {
        await users.UpdateAttributesAsync(request.UserPoolId, request.Username, request.UserAttributes, cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

[JsonSerializable(typeof(AdminUpdateUserAttributesRequest))]
internal sealed partial class AdminUpdateUserAttributesJsonContext : JsonSerializerContext;

// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Users;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record AdminCreateUserRequest(
    string UserPoolId,
    string Username,
    IReadOnlyList<AttributeType>? UserAttributes,
    IReadOnlyList<AttributeType>? ValidationData,
    string? TemporaryPassword,
    bool? ForceAliasCreation,
    string? MessageAction,
    IReadOnlyList<string>? DesiredDeliveryMediums,
    IReadOnlyDictionary<string, string>? ClientMetadata);

internal sealed record AdminCreateUserResponse(UserType User);

[CognitoOperation("AdminCreateUser")]
internal sealed class AdminCreateUserHandler(UserDirectory directory, UserAdministration administration)
    : IOperationHandler<AdminCreateUserRequest, AdminCreateUserResponse>
{
    public async ValueTask<AdminCreateUserResponse> HandleAsync(AdminCreateUserRequest request, CancellationToken cancellationToken)
    {
        var pool = await directory.GetPoolAsync(request.UserPoolId, cancellationToken).ConfigureAwait(false);
        var user = await administration.AdminCreateAsync(
            pool, request.Username, request.UserAttributes ?? [], request.TemporaryPassword, request.MessageAction,
            request.DesiredDeliveryMediums, request.ValidationData, request.ClientMetadata, cancellationToken).ConfigureAwait(false);
        return new AdminCreateUserResponse(UserType.From(user));
    }
}

[JsonSerializable(typeof(AdminCreateUserRequest))]
[JsonSerializable(typeof(AdminCreateUserResponse))]
internal sealed partial class AdminCreateUserJsonContext : JsonSerializerContext;

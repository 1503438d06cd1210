// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Auth.Mfa;
using Tessera.Core.Users;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record AdminGetUserRequest(string UserPoolId, string Username);

internal sealed record AdminGetUserResponse(
    string Username,
    IReadOnlyList<AttributeType> UserAttributes,
    DateTimeOffset UserCreateDate,
    DateTimeOffset UserLastModifiedDate,
    bool Enabled,
    string UserStatus,
    string? PreferredMfaSetting,
    IReadOnlyList<string>? UserMFASettingList,
    IReadOnlyList<MFAOptionType>? MFAOptions);

[CognitoOperation("AdminGetUser")]
internal sealed class AdminGetUserHandler(UserDirectory directory)
    : IOperationHandler<AdminGetUserRequest, AdminGetUserResponse>
{
    public async ValueTask<AdminGetUserResponse> HandleAsync(AdminGetUserRequest request, CancellationToken cancellationToken)
    {
        var pool = await directory.GetPoolAsync(request.UserPoolId, cancellationToken).ConfigureAwait(false);
        var user = await directory.GetAsync(pool, request.Username, cancellationToken).ConfigureAwait(false);
        return new AdminGetUserResponse(user.Username, UserType.AttributesOf(user), user.CreatedAt, user.UpdatedAt, user.Enabled, user.Status,
            user.PreferredMfa, MfaPreferences.EnabledList(user) is { Count: > 0 } mfa ? mfa : null, MfaPreferences.Options(user));
    }
}

[JsonSerializable(typeof(AdminGetUserRequest))]
[JsonSerializable(typeof(AdminGetUserResponse))]
internal sealed partial class AdminGetUserJsonContext : JsonSerializerContext;

// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Auth.Mfa;
using Tessera.Core.Auth.Passkeys;
using Tessera.Core.Auth.Passwordless;
using Tessera.Core.Pools;
using Tessera.Core.Tokens;
using Tessera.Core.Users;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record GetUserAuthFactorsRequest(string AccessToken);

/// <summary>The answer of GetUserAuthFactors and AdminGetUserAuthFactors.</summary>
internal sealed record GetUserAuthFactorsResponse(
    string Username,
    string? PreferredMfaSetting,
    IReadOnlyList<string>? UserMFASettingList,
    IReadOnlyList<string> ConfiguredUserAuthFactors)
{
    public static GetUserAuthFactorsResponse From(UserPool pool, User user, int passkeys)
        => new(user.Username, user.PreferredMfa, MfaPreferences.EnabledList(user) is { Count: > 0 } mfa ? mfa : null, FirstFactors.Configured(pool, user, passkeys));
}

[CognitoOperation("GetUserAuthFactors")]
internal sealed class GetUserAuthFactorsHandler(AccessTokenValidator tokens, UserDirectory directory, PasskeyService passkeys)
    : IOperationHandler<GetUserAuthFactorsRequest, GetUserAuthFactorsResponse>
{
    public async ValueTask<GetUserAuthFactorsResponse> HandleAsync(GetUserAuthFactorsRequest request, CancellationToken cancellationToken)
    {
        var caller = await tokens.ValidateForUserPoolApiAsync(request.AccessToken, cancellationToken).ConfigureAwait(false);
        var pool = await directory.GetPoolAsync(caller.User.PoolId, cancellationToken).ConfigureAwait(false);
        return GetUserAuthFactorsResponse.From(pool, caller.User, await passkeys.CountAsync(pool, caller.User, cancellationToken).ConfigureAwait(false));
    }
}

[JsonSerializable(typeof(GetUserAuthFactorsRequest))]
[JsonSerializable(typeof(GetUserAuthFactorsResponse))]
internal sealed partial class GetUserAuthFactorsJsonContext : JsonSerializerContext;

// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Auth.Mfa;
using Tessera.Core.Users;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record AdminSetUserSettingsRequest(string UserPoolId, string Username, IReadOnlyList<MFAOptionType> MFAOptions);

[CognitoOperation("AdminSetUserSettings")]
internal sealed class AdminSetUserSettingsHandler(UserDirectory directory, MfaPreferences preferences)
    : IOperationHandler<AdminSetUserSettingsRequest, EmptyResponse>
{
    public async ValueTask<EmptyResponse> HandleAsync(AdminSetUserSettingsRequest request, CancellationToken cancellationToken)
    {
        var pool = await directory.GetPoolAsync(request.UserPoolId, cancellationToken).ConfigureAwait(false);
        var user = await directory.GetAsync(pool, request.Username, cancellationToken).ConfigureAwait(false);
        await preferences.SetSmsOptionsAsync(user, request.MFAOptions, cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

[JsonSerializable(typeof(AdminSetUserSettingsRequest))]
internal sealed partial class AdminSetUserSettingsJsonContext : JsonSerializerContext;

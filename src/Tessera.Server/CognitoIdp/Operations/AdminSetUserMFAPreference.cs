// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Serialization;
using Tessera.Core.Auth.Mfa;
using Tessera.Core.Users;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record AdminSetUserMFAPreferenceRequest(
    MfaFactorSetting? SMSMfaSettings,
    MfaFactorSetting? SoftwareTokenMfaSettings,
    MfaFactorSetting? EmailMfaSettings,
    JsonElement? WebAuthnMfaSettings,
    string Username,
    string UserPoolId);

internal sealed record AdminSetUserMFAPreferenceResponse;

[CognitoOperation("AdminSetUserMFAPreference")]
internal sealed class AdminSetUserMFAPreferenceHandler(UserDirectory directory, MfaPreferences preferences)
    : IOperationHandler<AdminSetUserMFAPreferenceRequest, AdminSetUserMFAPreferenceResponse>
{
    public async ValueTask<AdminSetUserMFAPreferenceResponse> HandleAsync(AdminSetUserMFAPreferenceRequest request, CancellationToken cancellationToken)
    {
        var pool = await directory.GetPoolAsync(request.UserPoolId, cancellationToken).ConfigureAwait(false);
        var user = await directory.GetAsync(pool, request.Username, cancellationToken).ConfigureAwait(false);
        await preferences.SetAsync(user, request.SMSMfaSettings, request.SoftwareTokenMfaSettings, request.EmailMfaSettings, cancellationToken).ConfigureAwait(false);
        return new AdminSetUserMFAPreferenceResponse();
    }
}

[JsonSerializable(typeof(AdminSetUserMFAPreferenceRequest))]
[JsonSerializable(typeof(AdminSetUserMFAPreferenceResponse))]
internal sealed partial class AdminSetUserMFAPreferenceJsonContext : JsonSerializerContext;

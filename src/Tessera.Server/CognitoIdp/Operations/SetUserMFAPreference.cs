// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Serialization;
using Tessera.Core.Auth.Mfa;
using Tessera.Core.Tokens;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record SetUserMFAPreferenceRequest(
    MfaFactorSetting? SMSMfaSettings,
    MfaFactorSetting? SoftwareTokenMfaSettings,
    MfaFactorSetting? EmailMfaSettings,
    JsonElement? WebAuthnMfaSettings,
    string AccessToken);

internal sealed record SetUserMFAPreferenceResponse;

[CognitoOperation("SetUserMFAPreference")]
internal sealed class SetUserMFAPreferenceHandler(AccessTokenValidator tokens, MfaPreferences preferences)
    : IOperationHandler<SetUserMFAPreferenceRequest, SetUserMFAPreferenceResponse>
{
    public async ValueTask<SetUserMFAPreferenceResponse> HandleAsync(SetUserMFAPreferenceRequest request, CancellationToken cancellationToken)
    {
        var caller = await tokens.ValidateForUserPoolApiAsync(request.AccessToken, cancellationToken).ConfigureAwait(false);
        await preferences.SetAsync(caller.User, request.SMSMfaSettings, request.SoftwareTokenMfaSettings, request.EmailMfaSettings, cancellationToken).ConfigureAwait(false);
        return new SetUserMFAPreferenceResponse();
    }
}

[JsonSerializable(typeof(SetUserMFAPreferenceRequest))]
[JsonSerializable(typeof(SetUserMFAPreferenceResponse))]
internal sealed partial class SetUserMFAPreferenceJsonContext : JsonSerializerContext;

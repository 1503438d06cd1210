// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Auth.Passwordless;
using Tessera.Core.Errors;
using Tessera.Core.Pools;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record SetUserPoolMfaConfigRequest(
    string UserPoolId,
    SmsMfaConfigType? SmsMfaConfiguration,
    SoftwareTokenMfaConfigType? SoftwareTokenMfaConfiguration,
    EmailMfaConfigType? EmailMfaConfiguration,
    string? MfaConfiguration,
    WebAuthnConfigurationType? WebAuthnConfiguration);

/// <summary>The MFA part of a pool, as SetUserPoolMfaConfig and GetUserPoolMfaConfig answer it.</summary>
internal sealed record UserPoolMfaConfigResponse(
    SmsMfaConfigType? SmsMfaConfiguration,
    SoftwareTokenMfaConfigType SoftwareTokenMfaConfiguration,
    EmailMfaConfigType? EmailMfaConfiguration,
    string MfaConfiguration,
    WebAuthnConfigurationType WebAuthnConfiguration)
{
    public static UserPoolMfaConfigResponse From(UserPool pool)
    {
        var s = pool.Settings;
        return new(
            s.SmsConfiguration is null && s.SmsAuthenticationMessage is null ? null : new SmsMfaConfigType { SmsAuthenticationMessage = s.SmsAuthenticationMessage, SmsConfiguration = s.SmsConfiguration },
            new SoftwareTokenMfaConfigType { Enabled = s.AllowsSoftwareTokenMfa },
            s.EmailMfaConfiguration,
            s.MfaConfiguration ?? "OFF",
            new WebAuthnConfigurationType { RelyingPartyId = s.WebAuthnConfiguration?.RelyingPartyId, UserVerification = FirstFactors.UserVerification(s) });
    }
}

[CognitoOperation("SetUserPoolMfaConfig")]
internal sealed class SetUserPoolMfaConfigHandler(UserPoolService pools)
    : IOperationHandler<SetUserPoolMfaConfigRequest, UserPoolMfaConfigResponse>
{
    public async ValueTask<UserPoolMfaConfigResponse> HandleAsync(SetUserPoolMfaConfigRequest request, CancellationToken cancellationToken)
    {
        var pool = await pools.UpdateAsync(request.UserPoolId, settings =>
        {
            // A configuration left out of the request keeps its current value.
            var next = settings with
            {
                MfaConfiguration = request.MfaConfiguration ?? settings.MfaConfiguration,
                SoftwareTokenMfaConfiguration = request.SoftwareTokenMfaConfiguration ?? settings.SoftwareTokenMfaConfiguration,
                EmailMfaConfiguration = request.EmailMfaConfiguration ?? settings.EmailMfaConfiguration,
                SmsAuthenticationMessage = request.SmsMfaConfiguration?.SmsAuthenticationMessage ?? settings.SmsAuthenticationMessage,
                SmsConfiguration = request.SmsMfaConfiguration?.SmsConfiguration ?? settings.SmsConfiguration,
                WebAuthnConfiguration = request.WebAuthnConfiguration ?? settings.WebAuthnConfiguration,
            };
            if (next.MfaConfiguration is "ON" or "OPTIONAL" && !next.AllowsSoftwareTokenMfa && !next.AllowsSmsMfa && !next.AllowsEmailMfa)
            {
                throw CognitoErrors.InvalidParameter("Invalid MFA configuration given, can't turn on MFA without any enabled MFA factor.");
            }

            if (next.AllowsEmailMfa && request.EmailMfaConfiguration?.Message is { } message && !message.Contains("{####}", StringComparison.Ordinal))
            {
                throw CognitoErrors.InvalidParameter("The email MFA message must contain the {####} placeholder.");
            }

            return next;
        }, cancellationToken).ConfigureAwait(false);
        return UserPoolMfaConfigResponse.From(pool);
    }
}

[JsonSerializable(typeof(SetUserPoolMfaConfigRequest))]
[JsonSerializable(typeof(UserPoolMfaConfigResponse))]
internal sealed partial class SetUserPoolMfaConfigJsonContext : JsonSerializerContext;

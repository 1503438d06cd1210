// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Errors;
using Tessera.Core.Users;

namespace Tessera.Core.Auth.Mfa;

/// <summary>One factor's part of SetUserMFAPreference (SMSMfaSettings, SoftwareTokenMfaSettings, EmailMfaSettings).</summary>
public sealed record MfaFactorSetting(bool? Enabled, bool? PreferredMfa);

/// <summary>SetUserMFAPreference and AdminSetUserMFAPreference, and the MFA fields of GetUser and AdminGetUser.</summary>
public sealed class MfaPreferences(UserDirectory directory)
{
    public async Task<User> SetAsync(User user, MfaFactorSetting? sms, MfaFactorSetting? softwareToken, MfaFactorSetting? email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);

        // A factor is turned on only with somewhere to deliver it: a verified authenticator app, a phone, an email.
        if (softwareToken?.Enabled == true && user.SoftwareTokenSecret is null)
        {
            throw CognitoErrors.MfaNotConfigured(MfaChallenges.SoftwareToken);
        }

        if (sms?.Enabled == true && user.PhoneNumber is null)
        {
            throw CognitoErrors.MfaNotConfigured(MfaChallenges.Sms);
        }

        if (email?.Enabled == true && user.Email is null)
        {
            throw CognitoErrors.MfaNotConfigured(MfaChallenges.Email);
        }

        foreach (var (setting, name) in new[] { (sms, MfaChallenges.Sms), (softwareToken, MfaChallenges.SoftwareToken), (email, MfaChallenges.Email) })
        {
            if (setting?.PreferredMfa == true && setting.Enabled == false)
            {
                throw CognitoErrors.InvalidParameter($"{name} cannot be the preferred MFA method when it is not enabled.");
            }
        }

        return await directory.UpdateAsync(user, u =>
        {
            Apply(u, sms, MfaChallenges.Sms, (x, on) => x.SmsMfaEnabled = on);
            Apply(u, softwareToken, MfaChallenges.SoftwareToken, (x, on) => x.SoftwareTokenMfaEnabled = on);
            Apply(u, email, MfaChallenges.Email, (x, on) => x.EmailMfaEnabled = on);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>UserMFASettingList: the factors the user turned on.</summary>
    public static IReadOnlyList<string> EnabledList(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var list = new List<string>();
        if (user.SmsMfaEnabled)
        {
            list.Add(MfaChallenges.Sms);
        }

        if (user.SoftwareTokenMfaEnabled)
        {
            list.Add(MfaChallenges.SoftwareToken);
        }

        if (user.EmailMfaEnabled)
        {
            list.Add(MfaChallenges.Email);
        }

        return list;
    }

    private static void Apply(User user, MfaFactorSetting? setting, string name, Action<User, bool> enable)
    {
        if (setting is null)
        {
            return;
        }

        if (setting.Enabled is { } on)
        {
            enable(user, on);
            if (!on && user.PreferredMfa == name)
            {
                user.PreferredMfa = null;
            }
        }

        if (setting.PreferredMfa == true)
        {
            enable(user, true);
            user.PreferredMfa = name;
        }
        else if (setting.PreferredMfa == false && user.PreferredMfa == name)
        {
            user.PreferredMfa = null;
        }
    }
}

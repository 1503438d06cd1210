// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Errors;
using Tessera.Core.Users;

namespace Tessera.Core.Auth.Mfa;

/// <summary>One factor's part of SetUserMFAPreference (SMSMfaSettings, SoftwareTokenMfaSettings, EmailMfaSettings).</summary>
public sealed record MfaFactorSetting(bool? Enabled, bool? PreferredMfa);

/// <summary>The legacy MFAOptionType of SetUserSettings, AdminSetUserSettings, GetUser and AdminGetUser.</summary>
public sealed record MFAOptionType(string? DeliveryMedium, string? AttributeName)
{
    /// <summary>The one option AWS still accepts: SMS codes to <c>phone_number</c> (MFAOptionType, API reference).</summary>
    public static MFAOptionType Sms { get; } = new("SMS", "phone_number");
}

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

    /// <summary>
    /// SetUserSettings and AdminSetUserSettings, which "configure only SMS MFA" (API reference): the SMS option turns
    /// SMS MFA on, an empty list turns it off. "You can use this parameter to set only the SMS delivery medium value",
    /// and "the only valid value [of AttributeName] is phone_number" (MFAOptionType); anything else is refused.
    /// </summary>
    public Task<User> SetSmsOptionsAsync(User user, IReadOnlyList<MFAOptionType> options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.FirstOrDefault(o => o != MFAOptionType.Sms) is { } other)
        {
            throw CognitoErrors.InvalidParameter($"Only SMS MFA to phone_number can be set with MFAOptions, not {other.DeliveryMedium} to {other.AttributeName}.");
        }

        return SetAsync(user, new MfaFactorSetting(options.Count > 0, null), softwareToken: null, email: null, cancellationToken);
    }

    /// <summary>MFAOptions of GetUser and AdminGetUser: the SMS option while SMS MFA is on, else none.</summary>
    public static IReadOnlyList<MFAOptionType>? Options(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.SmsMfaEnabled ? [MFAOptionType.Sms] : null;
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

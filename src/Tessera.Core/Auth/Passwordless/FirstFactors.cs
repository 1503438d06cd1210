// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using Tessera.Core.Errors;
using Tessera.Core.Pools;
using Tessera.Core.Users;

namespace Tessera.Core.Auth.Passwordless;

/// <summary>
/// Choice-based sign-in (USER_AUTH): which first factors a pool may allow (SignInPolicy.AllowedFirstAuthFactors),
/// which of them a user can take, and the passkey relying-party settings. The one place these rules live; the
/// pool operations call <see cref="Check"/>, the sign-in calls <see cref="Available"/>.
/// </summary>
public static class FirstFactors
{
    public const string Password = "PASSWORD";
    public const string PasswordSrp = "PASSWORD_SRP";
    public const string EmailOtp = "EMAIL_OTP";
    public const string SmsOtp = "SMS_OTP";
    public const string WebAuthn = "WEB_AUTHN";
    public const string SelectChallenge = "SELECT_CHALLENGE";

    /// <summary>AWS's default policy: a pool that says nothing signs in with a password only.</summary>
    public static IReadOnlyList<string> DefaultAllowed { get; } = [Password];

    private static readonly string[] Known = [Password, EmailOtp, SmsOtp, WebAuthn];

    /// <summary>The first factors the pool allows.</summary>
    public static IReadOnlyList<string> Allowed(UserPoolSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Policies?.SignInPolicy?.AllowedFirstAuthFactors is { Count: > 0 } allowed ? allowed : DefaultAllowed;
    }

    public static bool Allows(UserPoolSettings settings, string factor) => Allowed(settings).Contains(factor);

    /// <summary>The user verification passkeys must give: "preferred" unless the pool says "required" (AWS's default).</summary>
    public static string UserVerification(UserPoolSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.WebAuthnConfiguration?.UserVerification ?? "preferred";
    }

    /// <summary>
    /// Refuses what AWS refuses in a pool's sign-in settings: SOFTWARE_TOKEN as a first factor (SignInPolicyType:
    /// "not currently supported as a first auth factor"), a factor beyond PASSWORD on the Lite tier (SignInPolicyType:
    /// "your user pool must be in the Essentials tier or higher"), an unknown user-verification value, and a relying
    /// party id that is not a bare host name. Returns the settings with the default policy filled in.
    /// </summary>
    public static UserPoolSettings Check(UserPoolSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var requested = settings.Policies?.SignInPolicy?.AllowedFirstAuthFactors;
        if (requested is not null)
        {
            if (requested.Count == 0)
            {
                throw CognitoErrors.InvalidParameter("AllowedFirstAuthFactors must contain at least one factor.");
            }

            var unknown = requested.FirstOrDefault(f => !Known.Contains(f));
            if (unknown is not null)
            {
                throw CognitoErrors.InvalidParameter(unknown == "SOFTWARE_TOKEN"
                    ? "SOFTWARE_TOKEN is not supported as a first authentication factor."
                    : string.Create(CultureInfo.InvariantCulture, $"Invalid first authentication factor {unknown}."));
            }

            if (settings.UserPoolTier == "LITE" && requested.Any(f => f != Password))
            {
                throw CognitoErrors.FeatureUnavailableInTier("Passwordless sign-in requires the ESSENTIALS or PLUS tier.");
            }
        }

        if (settings.WebAuthnConfiguration is { } webAuthn)
        {
            if (webAuthn.UserVerification is not (null or "required" or "preferred"))
            {
                throw CognitoErrors.InvalidParameter("UserVerification must be one of: required, preferred.");
            }

            if (webAuthn.RelyingPartyId is { } rp && !IsHostName(rp))
            {
                throw CognitoErrors.InvalidParameter("RelyingPartyId must be a domain name without scheme, port or path.");
            }
        }

        return settings with
        {
            Policies = (settings.Policies ?? new UserPoolPolicyType()) with
            {
                SignInPolicy = new SignInPolicyType { AllowedFirstAuthFactors = [.. Allowed(settings).Distinct(StringComparer.Ordinal)] },
            },
        };
    }

    /// <summary>
    /// The challenges this user can answer first, in the order AWS lists them: PASSWORD and PASSWORD_SRP when the user
    /// has a password, EMAIL_OTP and SMS_OTP to a verified address the pool can reach, WEB_AUTHN with a registered
    /// passkey. The passwordless ones are not offered when the pool requires MFA: they would skip it (the developer guide,
    /// "passkey sign-in is available when MFA is required" only with passkey MFA, which Tessera does not offer).
    /// </summary>
    public static IReadOnlyList<string> Available(UserPool pool, User user, int passkeys)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(user);
        var settings = pool.Settings;
        var challenges = new List<string>();
        if (Allows(settings, Password) && user.PasswordHash is not null)
        {
            challenges.Add(Password);
            challenges.Add(PasswordSrp);
        }

        if (settings.MfaConfiguration == "ON")
        {
            return challenges;
        }

        if (Allows(settings, EmailOtp) && user.Email is not null && user.IsVerified("email"))
        {
            challenges.Add(EmailOtp);
        }

        if (Allows(settings, SmsOtp) && settings.AllowsSmsMfa && user.PhoneNumber is not null && user.IsVerified("phone_number"))
        {
            challenges.Add(SmsOtp);
        }

        if (Allows(settings, WebAuthn) && passkeys > 0)
        {
            challenges.Add(WebAuthn);
        }

        return challenges;
    }

    /// <summary>What an unknown user is offered when the client hides user existence: everything the pool allows.</summary>
    public static IReadOnlyList<string> AvailableToUnknown(UserPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var allowed = Allowed(pool.Settings);
        var challenges = new List<string>();
        if (allowed.Contains(Password))
        {
            challenges.Add(Password);
            challenges.Add(PasswordSrp);
        }

        if (pool.Settings.MfaConfiguration != "ON")
        {
            challenges.AddRange(allowed.Where(f => f is EmailOtp or SmsOtp or WebAuthn).Order(StringComparer.Ordinal));
        }

        return challenges;
    }

    /// <summary>GetUserAuthFactors' ConfiguredUserAuthFactors: the first factors (not challenges) this user can use.</summary>
    public static IReadOnlyList<string> Configured(UserPool pool, User user, int passkeys)
        => [.. Available(pool, user, passkeys).Where(c => c != PasswordSrp)];

    private static bool IsHostName(string value)
        => Uri.CheckHostName(value) == UriHostNameType.Dns && !value.EndsWith('.') && value.Length <= 127;
}

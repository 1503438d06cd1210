// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Tessera.Core.Clients;
using Tessera.Core.Errors;
using Tessera.Core.Pools;
using Tessera.Core.Security;
using Tessera.Core.Triggers;
using Tessera.Core.Users;

namespace Tessera.Core.Auth.Mfa;

/// <summary>
/// The second factor after a password or SRP sign-in: SOFTWARE_TOKEN_MFA, SMS_MFA, EMAIL_OTP, SELECT_MFA_TYPE
/// when a user has several, MFA_SETUP when the pool requires MFA and the user has none. Codes sent by SMS or
/// email are stored as a keyed hash on the user and cleared when used, so each is accepted once.
/// </summary>
public sealed class MfaChallenges(
    UserDirectory directory,
    IUserStore users,
    SoftwareTokenService softwareTokens,
    AuthSessionSealer sessions,
    SecretProtector protector,
    IMessageSender messages,
    SignInThrottle throttle,
    TimeProvider time,
    CustomMessages customMessages)
{
    public const string SoftwareToken = "SOFTWARE_TOKEN_MFA";
    public const string Sms = "SMS_MFA";
    public const string Email = "EMAIL_OTP";
    public const string Select = "SELECT_MFA_TYPE";
    public const string Setup = "MFA_SETUP";
    private const string VerifiedKey = "v";
    private const string ChoicesKey = "c";

    public static bool IsMfaChallenge(string name) => name is SoftwareToken or Sms or Email or Select or Setup;

    /// <summary>The factors this user has turned on that the pool offers, in AWS's order.</summary>
    public static IReadOnlyList<string> EnabledFactors(UserPool pool, User user)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(user);
        var settings = pool.Settings;
        var factors = new List<string>();
        if (settings.AllowsSmsMfa && user.SmsMfaEnabled && user.PhoneNumber is not null)
        {
            factors.Add(Sms);
        }

        if (settings.AllowsSoftwareTokenMfa && user.SoftwareTokenMfaEnabled && user.SoftwareTokenSecret is not null)
        {
            factors.Add(SoftwareToken);
        }

        if (settings.AllowsEmailMfa && user.EmailMfaEnabled && user.Email is not null)
        {
            factors.Add(Email);
        }

        return factors;
    }

    /// <summary>After the first factor: the MFA challenge the pool and user call for, or the proven user.</summary>
    public async Task<SignInStep> ContinueAsync(UserPool pool, AppClient client, User user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(user);
        var mode = pool.Settings.MfaConfiguration ?? "OFF";
        if (mode == "OFF")
        {
            return SignInStep.Proven(user);
        }

        var factors = EnabledFactors(pool, user);
        if (factors.Count == 0)
        {
            if (mode != "ON")
            {
                return SignInStep.Proven(user);
            }

            // Required MFA with nothing turned on: a verified phone or email the pool can reach is used as it is;
            // otherwise the user sets up an authenticator app first.
            if (pool.Settings.AllowsSmsMfa && user.PhoneNumber is not null && user.IsVerified("phone_number"))
            {
                return await SendCodeAsync(pool, client, user, Sms, null, null, cancellationToken).ConfigureAwait(false);
            }

            if (pool.Settings.AllowsEmailMfa && user.Email is not null && user.IsVerified("email"))
            {
                return await SendCodeAsync(pool, client, user, Email, null, null, cancellationToken).ConfigureAwait(false);
            }

            var session = NewSession(pool, client, user, Setup);
            var canSetup = pool.Settings.AllowsSoftwareTokenMfa ? new[] { SoftwareToken } : [];
            return SignInStep.Challenge(Setup, session, new Dictionary<string, string>
            {
                ["MFAS_CAN_SETUP"] = JsonSerializer.Serialize(canSetup, AuthJsonContext.Default.StringArray),
            });
        }

        var chosen = factors.Count == 1 ? factors[0] : factors.Contains(user.PreferredMfa ?? string.Empty) ? user.PreferredMfa! : null;
        if (chosen is null)
        {
            var session = NewSession(pool, client, user, Select, new Dictionary<string, string> { [ChoicesKey] = string.Join(',', factors) });
            return SignInStep.Challenge(Select, session, new Dictionary<string, string>
            {
                ["MFAS_CAN_CHOOSE"] = JsonSerializer.Serialize(factors.ToArray(), AuthJsonContext.Default.StringArray),
                ["USER_ID_FOR_SRP"] = user.Username,
            });
        }

        return await IssueChallengeAsync(pool, client, user, chosen, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An answer to an MFA challenge, its session already opened by <see cref="SignInFlow"/> for <paramref name="user"/>.</summary>
    public async Task<SignInStep> RespondAsync(UserPool pool, AppClient client, AuthSessionState state, User user, ChallengeResponse request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(request);
        switch (request.ChallengeName)
        {
            case SoftwareToken:
                {
                    var code = Required(request.Responses, "SOFTWARE_TOKEN_MFA_CODE");
                    return SignInStep.Proven(await throttle.GuessAsync(user, u => softwareTokens.AcceptSignInCodeAsync(u, code, cancellationToken), cancellationToken).ConfigureAwait(false));
                }

            case Sms or Email:
                {
                    var code = Required(request.Responses, request.ChallengeName == Sms ? "SMS_MFA_CODE" : "EMAIL_OTP_CODE");
                    return SignInStep.Proven(await throttle.GuessAsync(user, u => AcceptSentCodeAsync(u, code, cancellationToken), cancellationToken).ConfigureAwait(false));
                }

            case Select:
                {
                    var answer = Required(request.Responses, "ANSWER");
                    var factor = answer == "EMAIL_MFA" ? Email : answer;
                    var choices = state.Extra?.GetValueOrDefault(ChoicesKey)?.Split(',') ?? [];
                    if (!choices.Contains(factor))
                    {
                        throw CognitoErrors.InvalidParameter($"Invalid ANSWER {answer}: choose one of {string.Join(", ", choices)}.");
                    }

                    return await IssueChallengeAsync(pool, client, user, factor, cancellationToken).ConfigureAwait(false);
                }

            case Setup:
                {
                    if (state.Extra?.GetValueOrDefault(VerifiedKey) != "1" || user.SoftwareTokenSecret is null)
                    {
                        throw CognitoErrors.InvalidParameter("Software token MFA is not set up: call AssociateSoftwareToken and VerifySoftwareToken with this Session first.");
                    }

                    user = await directory.UpdateAsync(user, u =>
                    {
                        u.SoftwareTokenMfaEnabled = true;
                        u.PreferredMfa ??= SoftwareToken;
                    }, cancellationToken).ConfigureAwait(false);
                    return SignInStep.Proven(user);
                }

            default:
                throw CognitoErrors.InvalidParameter($"Tessera does not support the {request.ChallengeName} challenge yet.");
        }
    }

    /// <summary>The user an MFA_SETUP session belongs to, for AssociateSoftwareToken and VerifySoftwareToken.</summary>
    public async Task<(UserPool Pool, User User, AuthSessionState State)> OpenSetupSessionAsync(string? session, CancellationToken cancellationToken)
    {
        var state = sessions.Open(session, clientId: null, Setup);
        var pool = await directory.GetPoolAsync(state.PoolId, cancellationToken).ConfigureAwait(false);
        var user = await users.FindByIdAsync(pool.Id, state.UserId, cancellationToken).ConfigureAwait(false) ?? throw CognitoErrors.InvalidSession();
        return (pool, user, state);
    }

    /// <summary>The same MFA_SETUP session, marked verified once VerifySoftwareToken accepted a code.</summary>
    public string ResealSetupSession(AuthSessionState state, bool verified)
    {
        ArgumentNullException.ThrowIfNull(state);
        return sessions.Seal(state with { Extra = verified ? new Dictionary<string, string> { [VerifiedKey] = "1" } : state.Extra });
    }

    private async Task<SignInStep> IssueChallengeAsync(UserPool pool, AppClient client, User user, string factor, CancellationToken cancellationToken)
    {
        if (factor is Sms or Email)
        {
            return await SendCodeAsync(pool, client, user, factor, null, null, cancellationToken).ConfigureAwait(false);
        }

        return SignInStep.Challenge(SoftwareToken, NewSession(pool, client, user, SoftwareToken), new Dictionary<string, string>
        {
            ["USER_ID_FOR_SRP"] = user.Username,
        });
    }

    /// <summary>
    /// USER_AUTH's EMAIL_OTP or SMS_OTP first factor: the same code, store and message as the MFA codes, under the
    /// first-factor challenge name and a session marked with <paramref name="extra"/>.
    /// </summary>
    public Task<SignInStep> SendSignInCodeAsync(UserPool pool, AppClient client, User user, string challenge, IReadOnlyDictionary<string, string> extra, CancellationToken cancellationToken)
        => SendCodeAsync(pool, client, user, challenge == Email ? Email : Sms, challenge, extra, cancellationToken);

    /// <summary>A code sent by <see cref="SendSignInCodeAsync"/>: accepted once, before it expires.</summary>
    public Task<User> AcceptSignInCodeAsync(User user, string code, CancellationToken cancellationToken) => AcceptSentCodeAsync(user, code, cancellationToken);

    private async Task<SignInStep> SendCodeAsync(
        UserPool pool, AppClient client, User user, string factor, string? challenge, IReadOnlyDictionary<string, string>? extra, CancellationToken cancellationToken)
    {
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var codeHash = CodeHash(user, code);
        var expires = time.GetUtcNow() + client.Settings.AuthSessionLifetime;
        user = await directory.UpdateAsync(user, u =>
        {
            u.MfaCodeHash = codeHash;
            u.MfaCodeExpiresAt = expires;
        }, cancellationToken).ConfigureAwait(false);

        var byEmail = factor == Email;
        var destination = byEmail ? user.GetAttribute("email")! : user.GetAttribute("phone_number")!;
        var template = byEmail
            ? pool.Settings.EmailMfaConfiguration?.Message ?? "Your authentication code is {####}."
            : pool.Settings.SmsAuthenticationMessage ?? "Your authentication code is {####}.";
        var subject = byEmail ? pool.Settings.EmailMfaConfiguration?.Subject ?? "Your sign-in code" : null;
        // The code message goes through CustomMessage_Authentication, as Cognito's MFA codes do.
        (template, subject) = await customMessages.ApplyAsync(pool, user, "Authentication", !byEmail, new MessageTemplate(template, subject), client.ClientId, null, cancellationToken).ConfigureAwait(false);
        await messages.SendAsync(new OutgoingMessage(pool.Id, user.Username, byEmail ? "EMAIL" : "SMS", destination, subject,
            template.Replace("{####}", code, StringComparison.Ordinal), code, "Authentication"), cancellationToken).ConfigureAwait(false);

        challenge ??= factor;
        return SignInStep.Challenge(challenge, NewSession(pool, client, user, challenge, extra), new Dictionary<string, string>
        {
            ["CODE_DELIVERY_DELIVERY_MEDIUM"] = byEmail ? "EMAIL" : "SMS",
            ["CODE_DELIVERY_DESTINATION"] = byEmail ? MaskEmail(destination) : MaskPhone(destination),
            ["USER_ID_FOR_SRP"] = user.Username,
        });
    }

    private async Task<User> AcceptSentCodeAsync(User user, string code, CancellationToken cancellationToken)
    {
        if (user.MfaCodeHash is null || user.MfaCodeExpiresAt is not { } expires || expires <= time.GetUtcNow())
        {
            throw CognitoErrors.MfaCodeExpired();
        }

        var given = CodeHash(user, code);
        if (!CryptographicOperations.FixedTimeEquals(given, user.MfaCodeHash))
        {
            throw CognitoErrors.MfaCodeMismatch();
        }

        return await directory.UpdateAsync(user, u =>
        {
            if (u.MfaCodeHash is null || !CryptographicOperations.FixedTimeEquals(given, u.MfaCodeHash))
            {
                throw CognitoErrors.MfaCodeExpired();
            }

            u.MfaCodeHash = null;
            u.MfaCodeExpiresAt = null;
        }, cancellationToken).ConfigureAwait(false);
    }

    private byte[] CodeHash(User user, string code) => protector.KeyedHash("mfa-code:" + user.Id.ToString("N") + ":" + code);

    private string NewSession(UserPool pool, AppClient client, User user, string challenge, IReadOnlyDictionary<string, string>? extra = null)
        => sessions.Seal(new AuthSessionState(pool.Id, client.ClientId, user.Id, challenge,
            (time.GetUtcNow() + client.Settings.AuthSessionLifetime).ToUnixTimeSeconds(), extra));

    private static string Required(IReadOnlyDictionary<string, string> values, string name)
        => values.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value)
            ? value
            : throw CognitoErrors.InvalidParameter($"Missing required parameter {name}");

    public static string MaskEmail(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at <= 0 ? "***" : string.Concat(email.AsSpan(0, 1), "***@", email.AsSpan(at + 1, 1), "***");
    }

    public static string MaskPhone(string phone) => phone.Length <= 4 ? "***" : "+" + new string('*', phone.Length - 5) + phone[^4..];
}

// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Auth.Mfa;
using Tessera.Core.Auth.Passkeys;
using Tessera.Core.Auth.Srp;
using Tessera.Core.Errors;
using Tessera.Core.Users;
using static Tessera.Core.Auth.Passwordless.FirstFactors;

namespace Tessera.Core.Auth.Passwordless;

/// <summary>
/// Choice-based sign-in, InitiateAuth USER_AUTH: it picks the first factor (PREFERRED_CHALLENGE, or SELECT_CHALLENGE
/// with AvailableChallenges) and hands each to the path that proves it: <see cref="SignInFlow"/> for a password or a
/// one-time code, <see cref="SrpAuthenticator"/> for PASSWORD_SRP, <see cref="PasskeyService"/> for WEB_AUTHN. The
/// rules of which factor a user may take live in <see cref="FirstFactors"/>.
/// </summary>
public sealed class UserAuthFlow(
    SignInCandidates candidates,
    SignInFlow flow,
    SrpAuthenticator srp,
    PasskeyService passkeys,
    AuthSessionSealer sessions,
    TimeProvider time)
{
    public const string AuthFlow = "USER_AUTH";

    // Marks a session this flow sealed (so an EMAIL_OTP answer is told from the MFA one), what SELECT_CHALLENGE
    // offered, and that the session stands in for an unknown user under PreventUserExistenceErrors.
    private const string FirstFactorKey = "ff";
    private const string AvailableKey = "a";
    private const string UnknownKey = "g";
    private const string PasskeyChallengeKey = "w";

    /// <summary>Whether the answer belongs to a challenge this flow issued.</summary>
    public bool Issued(ChallengeResponse request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.ChallengeName is SelectChallenge or Password or PasswordSrp or EmailOtp or SmsOtp or WebAuthn
            && sessions.Read(request.Session)?.Extra?.ContainsKey(FirstFactorKey) == true;
    }

    public async Task<SignInStep> StartAsync(SignInContext context, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(parameters);
        var username = Required(parameters, "USERNAME");
        parameters.TryGetValue("SECRET_HASH", out var hash);
        var preferred = parameters.GetValueOrDefault("PREFERRED_CHALLENGE");
        if (preferred is not (null or Password or PasswordSrp or EmailOtp or SmsOtp or WebAuthn))
        {
            throw CognitoErrors.InvalidParameter($"Invalid PREFERRED_CHALLENGE {preferred}.");
        }

        // A password sent with its preference (Amplify does) is checked at once, exactly as USER_PASSWORD_AUTH is.
        if (preferred is Password or PasswordSrp && Allows(context.Pool.Settings, Password)
            && parameters.ContainsKey(preferred == Password ? "PASSWORD" : "SRP_A"))
        {
            return await BeginAsync(context, null, username, preferred, parameters, cancellationToken).ConfigureAwait(false);
        }

        var user = await candidates.FindAsync(context.Pool, context.Client, username, hash, cancellationToken, verifySecret: context.Channel == SignInChannel.Api).ConfigureAwait(false);
        var available = user is null
            ? AvailableToUnknown(context.Pool)
            : Available(context.Pool, user, await passkeys.CountAsync(context.Pool, user, cancellationToken).ConfigureAwait(false));
        if (available.Count == 0)
        {
            throw CognitoErrors.NotAuthorized("The user has no sign-in method that this user pool allows.");
        }

        // The developer guide: a preference the user cannot take is answered with the choices there are.
        if (preferred is not null && available.Contains(preferred))
        {
            return await BeginAsync(context, user, username, preferred, parameters, cancellationToken).ConfigureAwait(false);
        }

        var extra = Marks(user);
        extra[AvailableKey] = string.Join(',', available);
        return SignInStep.Select(Seal(context, user, SelectChallenge, extra), available);
    }

    /// <summary>RespondToAuthChallenge for SELECT_CHALLENGE, PASSWORD, PASSWORD_SRP, EMAIL_OTP, SMS_OTP and WEB_AUTHN.</summary>
    public async Task<SignInStep> RespondAsync(SignInContext context, ChallengeResponse request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var state = sessions.Open(request.Session, context.Client.ClientId, request.ChallengeName);
        var username = Required(request.Responses, "USERNAME");
        request.Responses.TryGetValue("SECRET_HASH", out var hash);
        var user = await candidates.FindAsync(context.Pool, context.Client, username, hash, cancellationToken, verifySecret: context.Channel == SignInChannel.Api).ConfigureAwait(false);
        var unknown = state.Extra?.ContainsKey(UnknownKey) == true;
        if (user is null ? !unknown : unknown || user.Id != state.UserId)
        {
            throw CognitoErrors.InvalidSession();
        }

        switch (request.ChallengeName)
        {
            case SelectChallenge:
                {
                    var answer = Required(request.Responses, "ANSWER");
                    var offered = state.Extra?.GetValueOrDefault(AvailableKey)?.Split(',') ?? [];
                    if (!offered.Contains(answer))
                    {
                        throw CognitoErrors.InvalidParameter($"Invalid ANSWER {answer}: choose one of {string.Join(", ", offered)}.");
                    }

                    return await BeginAsync(context, user, username, answer, request.Responses, cancellationToken).ConfigureAwait(false);
                }

            case WebAuthn:
                {
                    var credential = Required(request.Responses, "CREDENTIAL");
                    var challenge = state.Extra?.GetValueOrDefault(PasskeyChallengeKey);
                    if (user is null || challenge is null || !Allows(context.Pool.Settings, WebAuthn))
                    {
                        throw CognitoErrors.NotAuthorized("The passkey is not registered for this user.");
                    }

                    return await flow.SignInPasskeyAsync(context, user, u => passkeys.VerifySignInAsync(context.Pool, u, challenge, credential, cancellationToken), cancellationToken).ConfigureAwait(false);
                }

            case Password or PasswordSrp:
                return await BeginAsync(context, user, username, request.ChallengeName, request.Responses, cancellationToken, answering: true).ConfigureAwait(false);
            default:
                {
                    var code = Required(request.Responses, request.ChallengeName == EmailOtp ? "EMAIL_OTP_CODE" : "SMS_OTP_CODE");
                    return user is null
                        ? throw CognitoErrors.MfaCodeMismatch()
                        : await flow.SignInCodeAsync(context, user, code, cancellationToken).ConfigureAwait(false);
                }
        }
    }

    /// <summary>
    /// The chosen factor: answered at once when its proof came with the choice (PASSWORD, SRP_A), otherwise
    /// its own challenge. <paramref name="answering"/> is set when the caller answers that challenge, so the proof is required.
    /// </summary>
    private async Task<SignInStep> BeginAsync(
        SignInContext context, User? user, string username, string factor, IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken, bool answering = false)
    {
        values.TryGetValue("SECRET_HASH", out var hash);
        switch (factor)
        {
            case Password when answering || values.ContainsKey("PASSWORD"):
                return await flow.PasswordAsync(context, username, Required(values, "PASSWORD"), hash, cancellationToken).ConfigureAwait(false);
            case PasswordSrp when answering || values.ContainsKey("SRP_A"):
                {
                    var outcome = await srp.StartAsync(context.Pool, context.Client, values, cancellationToken).ConfigureAwait(false);
                    return SignInStep.Challenge(outcome.ChallengeName!, outcome.Session!, outcome.ChallengeParameters!);
                }

            case WebAuthn:
                {
                    // The developer guide: the answer carries the passkey's assertion for CREDENTIAL_REQUEST_OPTIONS.
                    if (user is not null)
                    {
                        user = await flow.BeforePasskeyAsync(context, user, cancellationToken).ConfigureAwait(false);
                    }

                    var expires = time.GetUtcNow() + context.Client.Settings.AuthSessionLifetime;
                    var issued = await passkeys.StartSignInAsync(context.Pool, user, expires, cancellationToken).ConfigureAwait(false);
                    var extra = Marks(user);
                    extra[PasskeyChallengeKey] = issued.Challenge;
                    return SignInStep.Challenge(WebAuthn, Seal(context, user, WebAuthn, extra), new Dictionary<string, string>
                    {
                        ["CREDENTIAL_REQUEST_OPTIONS"] = issued.RequestOptionsJson,
                    });
                }

            case EmailOtp or SmsOtp when user is not null:
                return await flow.SendSignInCodeAsync(context, user, factor, Marks(user), cancellationToken).ConfigureAwait(false);
            case EmailOtp or SmsOtp:
                // An unknown user under PreventUserExistenceErrors: a challenge that looks sent and that no code answers.
                return SignInStep.Challenge(factor, Seal(context, null, factor, Marks(null)), new Dictionary<string, string>
                {
                    ["CODE_DELIVERY_DELIVERY_MEDIUM"] = factor == EmailOtp ? "EMAIL" : "SMS",
                    ["CODE_DELIVERY_DESTINATION"] = factor == EmailOtp ? MfaChallenges.MaskEmail(username.Contains('@', StringComparison.Ordinal) ? username : username + "@example.com") : "+*******0000",
                    ["USER_ID_FOR_SRP"] = username,
                });
            default:
                // PASSWORD or PASSWORD_SRP chosen without its proof: the next call brings it.
                return SignInStep.Challenge(factor, Seal(context, user, factor, Marks(user)), new Dictionary<string, string>
                {
                    ["USERNAME"] = user?.Username ?? username,
                });
        }
    }

    private static Dictionary<string, string> Marks(User? user)
    {
        var extra = new Dictionary<string, string>(StringComparer.Ordinal) { [FirstFactorKey] = "1" };
        if (user is null)
        {
            extra[UnknownKey] = "1";
        }

        return extra;
    }

    private string Seal(SignInContext context, User? user, string challenge, IReadOnlyDictionary<string, string> extra)
        => sessions.Seal(new AuthSessionState(context.Pool.Id, context.Client.ClientId, user?.Id ?? Guid.NewGuid(), challenge,
            (time.GetUtcNow() + context.Client.Settings.AuthSessionLifetime).ToUnixTimeSeconds(), extra));

    private static string Required(IReadOnlyDictionary<string, string> values, string name)
        => values.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value)
            ? value
            : throw CognitoErrors.InvalidParameter($"Missing required parameter {name}");
}

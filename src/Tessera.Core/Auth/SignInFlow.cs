// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using Tessera.Core.Auth.Mfa;
using Tessera.Core.Auth.Srp;
using Tessera.Core.AuthEvents;
using Tessera.Core.Errors;
using Tessera.Core.Lifecycle;
using Tessera.Core.Pools;
using Tessera.Core.Security;
using Tessera.Core.Triggers;
using Tessera.Core.Users;

namespace Tessera.Core.Auth;

/// <summary>
/// The one path every user-pool sign-in takes, whether it comes from InitiateAuth (password or SRP) or from the
/// hosted UI's <c>/login</c>: find the user, the lockout and UNCONFIRMED checks, the first factor, the account checks
/// (disabled, reset required, temporary password), NEW_PASSWORD_REQUIRED, the MFA challenges. It ends in a
/// <see cref="SignInStep"/>: a challenge, or a proven user that the caller turns into tokens (API) or a browser
/// session (hosted UI). Lambda triggers belong here: UserMigration where the user is not found, PreAuthentication in
/// <see cref="BeforeFirstFactorAsync"/>, PostAuthentication in <see cref="FinishAsync"/>. Each public step of a known user is
/// one <see cref="SignInAttempt"/> of the user's event history (<see cref="AuthEventRecorder"/>).
/// </summary>
public sealed class SignInFlow(
    UserDirectory directory,
    PasswordHasher hasher,
    PasswordCheck passwordCheck,
    PasswordSetter passwords,
    SecretHash secretHash,
    SignInThrottle throttle,
    ExistenceTiming timing,
    SrpAuthenticator srp,
    SrpVerifierSealer srpVerifiers,
    AuthSessionSealer sessions,
    MfaChallenges mfa,
    TimeProvider time,
    AuthTriggers triggers,
    UserMigration migration,
    Devices.DeviceService devices,
    AuthEventRecorder events)
{
    public const string NewPasswordRequired = "NEW_PASSWORD_REQUIRED";
    private const string TimingKey = "PasswordAuthAsync";

    /// <summary>USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH and the hosted <c>/login</c>. <paramref name="hash"/> is the SECRET_HASH (API only).</summary>
    public async Task<SignInStep> PasswordAsync(SignInContext context, string username, string password, string? hash, CancellationToken cancellationToken)
        => await TryPasswordAsync(context, username, password, hash, cancellationToken).ConfigureAwait(false) ?? throw CognitoErrors.TooManyRequests();

    /// <summary>
    /// <see cref="PasswordAsync"/>, except that a sign-in the hash queue sheds answers null instead of throwing
    /// TooManyRequestsException: under an overload most sign-ins are shed, and an exception rethrown through every
    /// awaiting frame up to the protocol edge costs more than the rest of the answer.
    /// </summary>
    public async Task<SignInStep?> TryPasswordAsync(SignInContext context, string username, string password, string? hash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        // A sign-in the hash queue would shed is answered before anything is read or written: shedding costs no more than parsing.
        if (hasher.IsBusy())
        {
            return null;
        }

        var start = timing.Start();
        var user = await directory.FindAsync(context.Pool, username, cancellationToken).ConfigureAwait(false);
        VerifyCaller(context, hash, username, user?.Username);
        user ??= await migration.MigrateAsync(context.Pool, context.Client, username, password, context.ClientMetadata, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            await UnknownUserAttemptAsync(context, username, cancellationToken).ConfigureAwait(false);
            // Spend the same time as a real check so the answer's timing does not tell who exists.
            await hasher.VerifyAsync(password, null, cancellationToken).ConfigureAwait(false);
            await timing.PadAsync(TimingKey, start, cancellationToken).ConfigureAwait(false);
            throw context.Client.Settings.PreventsUserExistenceErrors ? CognitoErrors.IncorrectCredentials() : CognitoErrors.UserNotFound();
        }

        var attempt = events.StartSignIn(context, user, continues: false);
        var found = user;
        return await attempt.RunAsync(() => CheckPasswordAsync(context, found, password, attempt, start, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    private async Task<SignInStep> CheckPasswordAsync(SignInContext context, User user, string password, SignInAttempt attempt, long start, CancellationToken cancellationToken)
    {
        user = await BeforeFirstFactorAsync(context, user, cancellationToken).ConfigureAwait(false);
        user = RequireConfirmed(await PasswordGuessAsync(user, async counted =>
        {
            if (counted.PasswordHash is null && counted.Status == UserStatus.ResetRequired && !context.Client.Settings.PreventsUserExistenceErrors)
            {
                // Developer guide, "Requiring imported users to reset their passwords": a user imported without a password
                // answers PasswordResetRequiredException to any password (NotAuthorizedException where the client hides users).
                throw CognitoErrors.PasswordResetRequired();
            }

            if (await passwordCheck.VerifyAsync(counted, password, cancellationToken).ConfigureAwait(false) is not { } proved)
            {
                timing.RecordReal(TimingKey, start);
                attempt.Answered(AuthEventRecorder.Password, success: false);
                throw CognitoErrors.IncorrectCredentials();
            }

            attempt.Answered(AuthEventRecorder.Password, success: true);
            return proved;
        }, cancellationToken).ConfigureAwait(false));
        if (user.SrpVerifier is null)
        {
            // A password stored before SRP existed: derive its verifier now that the password is at hand.
            var (salt, verifier) = srpVerifiers.Create(context.Pool, user, password);
            var checkedHash = user.PasswordHash;
            user = await directory.UpdateAsync(user, u =>
            {
                if (u.PasswordHash == checkedHash)
                {
                    u.SrpSalt = salt;
                    u.SrpVerifier = verifier;
                }
            }, cancellationToken).ConfigureAwait(false);
        }

        return await AfterFirstFactorAsync(context, user, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>RespondToAuthChallenge PASSWORD_VERIFIER: the SRP proof in place of the password, then the same checks.</summary>
    public async Task<SignInStep> PasswordVerifierAsync(SignInContext context, ChallengeResponse request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var claim = await srp.OpenClaimAsync(context.Pool, context.Client, request, cancellationToken).ConfigureAwait(false);
        if (claim.User is not { } claimed)
        {
            await UnknownUserAttemptAsync(context, claim.Username, cancellationToken).ConfigureAwait(false);
            _ = srp.Proves(context.Pool, claim);
            throw CognitoErrors.IncorrectCredentials();
        }

        var attempt = events.StartSignIn(context, claimed, continues: false);
        return await attempt.RunAsync(async () =>
        {
            var user = await BeforeFirstFactorAsync(context, claimed, cancellationToken).ConfigureAwait(false);
            user = RequireConfirmed(await PasswordGuessAsync(user, counted =>
            {
                var proves = srp.Proves(context.Pool, claim);
                attempt.Answered(AuthEventRecorder.Password, proves);
                return proves ? Task.FromResult(counted) : throw CognitoErrors.IncorrectCredentials();
            }, cancellationToken).ConfigureAwait(false));
            return await AfterFirstFactorAsync(context, user, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The one place a password or its SRP proof is decided, whichever flow brings it (USER_PASSWORD_AUTH,
    /// ADMIN_USER_PASSWORD_AUTH, USER_SRP_AUTH, USER_AUTH PASSWORD and PASSWORD_SRP, CUSTOM_AUTH with SRP_A, the hosted
    /// <c>/login</c>): one guess through <see cref="SignInThrottle.GuessAsync"/>, then, the password proven,
    /// <see cref="PasswordCheck.EnsureSignInAllowed"/> (AdminDisableProviderForUser).
    /// </summary>
    public async Task<User> PasswordGuessAsync(User user, Func<User, Task<User>> prove, CancellationToken cancellationToken)
        => PasswordCheck.EnsureSignInAllowed(await throttle.GuessAsync(user, prove, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// USER_AUTH EMAIL_OTP or SMS_OTP: the same checks as before a password (lockout, UNCONFIRMED, PreAuthentication,
    /// the attempt counted), then the code goes out through the messaging service and CustomMessage.
    /// </summary>
    public async Task<SignInStep> SendSignInCodeAsync(SignInContext context, User user, string challenge, IReadOnlyDictionary<string, string> extra, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var attempt = events.StartSignIn(context, user, continues: false);
        return await attempt.RunAsync(async () =>
        {
            var counted = await BeforeFirstFactorAsync(context, user, cancellationToken, countAttempt: true).ConfigureAwait(false);
            return await mfa.SendSignInCodeAsync(context.Pool, context.Client, counted, challenge, extra, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The answer to a sign-in code: each guess counts toward the lockout; a right one is a proven first factor without MFA.</summary>
    public Task<SignInStep> SignInCodeAsync(SignInContext context, User user, string code, CancellationToken cancellationToken)
        => PasswordlessAsync(context, user, u => mfa.AcceptSignInCodeAsync(u, code, cancellationToken), cancellationToken);

    /// <summary>
    /// USER_AUTH WEB_AUTHN, before the passkey challenge is issued: the same checks as before a password or a code; the
    /// attempt is counted once, when the answer comes (<see cref="SignInPasskeyAsync"/>).
    /// </summary>
    public Task<User> BeforePasskeyAsync(SignInContext context, User user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return BeforeFirstFactorAsync(context, user, cancellationToken);
    }

    /// <summary>The answer to a passkey challenge: <paramref name="verify"/> throws when it fails; counted toward the lockout as a code is.</summary>
    public Task<SignInStep> SignInPasskeyAsync(SignInContext context, User user, Func<User, Task> verify, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verify);
        return PasswordlessAsync(context, user, async u =>
        {
            await verify(u).ConfigureAwait(false);
            return u;
        }, cancellationToken);
    }

    /// <summary>A passwordless first factor: each try counts toward the lockout; a proven one is not followed by MFA.</summary>
    private async Task<SignInStep> PasswordlessAsync(SignInContext context, User user, Func<User, Task<User>> prove, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var attempt = events.StartSignIn(context, user, continues: true);
        return await attempt.RunAsync(async () =>
        {
            throttle.ThrowIfLocked(user);
            var proven = RequireConfirmed(await throttle.GuessAsync(user, prove, cancellationToken).ConfigureAwait(false));
            return await AfterFirstFactorAsync(context, proven, passwordless: true, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>NEW_PASSWORD_REQUIRED, from RespondToAuthChallenge or the hosted new-password page: then MFA, as for any sign-in.</summary>
    public async Task<SignInStep> NewPasswordAsync(SignInContext context, ChallengeResponse request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var (_, opened) = await OpenChallengeAsync(context, request, cancellationToken).ConfigureAwait(false);
        var attempt = events.StartSignIn(context, opened, continues: true);
        return await attempt.RunAsync(() => SetNewPasswordAsync(context, request, opened, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    private async Task<SignInStep> SetNewPasswordAsync(SignInContext context, ChallengeResponse request, User user, CancellationToken cancellationToken)
    {
        if (user.Status != UserStatus.ForceChangePassword)
        {
            throw CognitoErrors.InvalidSession();
        }

        var newPassword = Required(request.Responses, "NEW_PASSWORD");
        var credentials = await passwords.CreateAsync(context.Pool, user, newPassword, cancellationToken).ConfigureAwait(false);
        var writer = AttributeWriter.NewPasswordChallenge(context.Client, user);
        var attributes = UserAttributeWrites.Check(context.Pool, writer, request.Responses
            .Where(r => r.Key.StartsWith("userAttributes.", StringComparison.Ordinal))
            .Select(r => new AttributeType(r.Key["userAttributes.".Length..], r.Value)));
        var missing = RequiredAttributes(context.Pool)
            .FirstOrDefault(name => !user.Attributes.ContainsKey(name) && attributes.All(a => a.Name != name));
        if (missing is not null)
        {
            // The answer AWS gives (aws-amplify/amplify-js#2461).
            throw CognitoErrors.InvalidParameter($"Invalid attributes given, {missing} is missing");
        }

        // The new values must not take another user's username attribute or verified alias.
        UserAttributeWrites.Apply(user, writer, attributes);
        await directory.EnsureNoAliasClashAsync(context.Pool, user, cancellationToken).ConfigureAwait(false);
        user = await directory.UpdateAsync(user, u =>
        {
            credentials.ApplyTo(u);
            u.Status = UserStatus.Confirmed;
            u.TemporaryPasswordExpiresAt = null;
            UserAttributeWrites.Apply(u, writer, attributes);
        }, cancellationToken).ConfigureAwait(false);
        return await ContinueAsync(context, user, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The MFA challenges (SOFTWARE_TOKEN_MFA, SMS_MFA, EMAIL_OTP, SELECT_MFA_TYPE, MFA_SETUP), from the API or the hosted pages.</summary>
    public async Task<SignInStep> MfaAsync(SignInContext context, ChallengeResponse request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var (state, user) = await OpenChallengeAsync(context, request, cancellationToken).ConfigureAwait(false);
        var attempt = events.StartSignIn(context, user, continues: true);
        return await attempt.RunAsync(async () =>
        {
            SignInStep step;
            try
            {
                step = await mfa.RespondAsync(context.Pool, context.Client, state, user, request, cancellationToken).ConfigureAwait(false);
            }
            catch (CognitoException e) when (e.Code == "CodeMismatchException")
            {
                attempt.Answered(AuthEventRecorder.Mfa, success: false);
                throw;
            }

            // Choosing a factor (SELECT_MFA_TYPE) answers no challenge; every other MFA answer proved a code.
            if (request.ChallengeName != MfaChallenges.Select)
            {
                attempt.Answered(AuthEventRecorder.Mfa, success: true);
            }

            return await FinishAsync(context, step, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>CUSTOM_AUTH: the user the challenge functions let in takes the last step of every sign-in (PostAuthentication).</summary>
    public Task<SignInStep> CustomChallengesPassedAsync(SignInContext context, User user, CancellationToken cancellationToken)
        => FinishAsync(context, SignInStep.Proven(user), cancellationToken);

    /// <summary>CUSTOM_AUTH with SRP first, when Cognito's own follow-ups apply (a temporary password, MFA): as after any first factor.</summary>
    public Task<SignInStep> AfterCustomPasswordAsync(SignInContext context, User user, CancellationToken cancellationToken)
    {
        var attempt = events.StartSignIn(context, user, continues: true, customAuth: true);
        attempt.Answered(AuthEventRecorder.Password, success: true);
        return attempt.RunAsync(() => AfterFirstFactorAsync(context, user, cancellationToken), cancellationToken);
    }

    /// <summary>The user an open challenge belongs to: named by USERNAME (and SECRET_HASH) on the API, by the sealed session alone on the hosted pages.</summary>
    public async Task<(AuthSessionState State, User User)> OpenChallengeAsync(SignInContext context, ChallengeResponse request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var state = sessions.Open(request.Session, context.Client.ClientId, request.ChallengeName);
        User? user;
        if (context.Channel == SignInChannel.HostedUi)
        {
            user = await directory.FindByIdAsync(context.Pool, state.UserId, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var username = Required(request.Responses, "USERNAME");
            user = await directory.FindAsync(context.Pool, username, cancellationToken).ConfigureAwait(false);
            request.Responses.TryGetValue("SECRET_HASH", out var hash);
            secretHash.Verify(context.Client, hash, username, user?.Username);
        }

        if (user is null || user.Id != state.UserId)
        {
            throw CognitoErrors.InvalidSession();
        }

        if (!user.Enabled)
        {
            throw CognitoErrors.UserDisabled();
        }

        return (state, user);
    }

    /// <summary>The attributes a NEW_PASSWORD_REQUIRED answer must supply when the user lacks them.</summary>
    public static IEnumerable<string> RequiredAttributes(UserPool pool) => UserPoolSchema.Of(pool).RequiredNames;

    /// <summary>
    /// Before a first factor is tested: the lockout, UNCONFIRMED, PreAuthentication; with <paramref name="countAttempt"/>
    /// the attempt is counted here (a code sent, answered in a later request), otherwise the check is one
    /// <see cref="SignInThrottle.GuessAsync"/>. AWS answers UNCONFIRMED before it looks at the password (COGNITO-NOTES
    /// §0.5); a client with PreventUserExistenceErrors gets that answer only once the password is proven, so that a wrong
    /// password tells nothing about who exists (<see cref="RequireConfirmed"/>).
    /// </summary>
    private async Task<User> BeforeFirstFactorAsync(SignInContext context, User user, CancellationToken cancellationToken, bool countAttempt = false)
    {
        throttle.ThrowIfLocked(user);
        if (user.Status == UserStatus.Unconfirmed && !context.Client.Settings.PreventsUserExistenceErrors)
        {
            throw CognitoErrors.UserNotConfirmed();
        }

        await triggers.PreAuthenticationAsync(context.Pool, context.Client, user, context.ClientMetadata, cancellationToken).ConfigureAwait(false);
        return countAttempt ? await throttle.CountAttemptAsync(user, cancellationToken).ConfigureAwait(false) : user;
    }

    /// <summary>
    /// A username the pool does not have takes the same steps as a real one: with PreventUserExistenceErrors, the same
    /// lockout (simulated) and the PreAuthentication trigger with <c>userNotFound</c>.
    /// </summary>
    private async Task UnknownUserAttemptAsync(SignInContext context, string username, CancellationToken cancellationToken)
    {
        var hidden = context.Client.Settings.PreventsUserExistenceErrors;
        if (hidden)
        {
            throttle.ThrowIfLocked(context.Pool, username);
        }

        await triggers.PreAuthenticationForUnknownAsync(context.Pool, context.Client, username, context.ClientMetadata, cancellationToken).ConfigureAwait(false);
        if (hidden)
        {
            throttle.CountAttempt(context.Pool, username);
        }
    }

    /// <summary>After a proven first factor (the guess gave the count back): the UNCONFIRMED answer a hidden client defers.</summary>
    private static User RequireConfirmed(User user)
        => user.Status == UserStatus.Unconfirmed ? throw CognitoErrors.UserNotConfirmed() : user;

    private Task<SignInStep> AfterFirstFactorAsync(SignInContext context, User user, CancellationToken cancellationToken)
        => AfterFirstFactorAsync(context, user, passwordless: false, cancellationToken);

    /// <summary>
    /// What follows a proven first factor: account state, NEW_PASSWORD_REQUIRED, then MFA. A passwordless factor (a code
    /// or a passkey) proves possession already and involves no password, so neither the temporary password nor MFA
    /// applies (the developer guide: passwordless sign-in is not followed by MFA).
    /// </summary>
    private async Task<SignInStep> AfterFirstFactorAsync(SignInContext context, User user, bool passwordless, CancellationToken cancellationToken)
    {
        if (!user.Enabled)
        {
            throw CognitoErrors.UserDisabled();
        }

        if (user.Status == UserStatus.ResetRequired)
        {
            throw CognitoErrors.PasswordResetRequired();
        }

        if (passwordless)
        {
            return await FinishAsync(context, SignInStep.Proven(user), cancellationToken).ConfigureAwait(false);
        }

        if (user.Status == UserStatus.ForceChangePassword)
        {
            if (user.TemporaryPasswordExpiresAt is { } expires && expires <= time.GetUtcNow())
            {
                throw CognitoErrors.NotAuthorized("Temporary password has expired and must be reset by an administrator.");
            }

            return NewPasswordChallenge(context, user);
        }

        return await ContinueAsync(context, user, cancellationToken).ConfigureAwait(false);
    }

    private async Task<SignInStep> ContinueAsync(SignInContext context, User user, CancellationToken cancellationToken)
    {
        // A DEVICE_KEY that is not one of the user's devices is refused before MFA; a remembered one may stand in for it.
        var device = await devices.ForSignInAsync(context.Pool, user, context.DeviceKey, cancellationToken).ConfigureAwait(false);
        if (Devices.DeviceService.SkipsMfa(context.Pool, device))
        {
            return await FinishAsync(context, SignInStep.Proven(user), cancellationToken).ConfigureAwait(false);
        }

        var step = await mfa.ContinueAsync(context.Pool, context.Client, user, cancellationToken).ConfigureAwait(false);
        return await FinishAsync(context, step, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every sign-in that proved its user passes here last, before the caller issues tokens or starts a browser session.</summary>
    private async Task<SignInStep> FinishAsync(SignInContext context, SignInStep step, CancellationToken cancellationToken)
    {
        if (step.User is { } user)
        {
            await triggers.PostAuthenticationAsync(context.Pool, context.Client, user, context.ClientMetadata, cancellationToken).ConfigureAwait(false);
        }

        return step;
    }

    private SignInStep NewPasswordChallenge(SignInContext context, User user)
    {
        var visible = new UserAttributeReads(context.Client).Of(user)
            .Where(a => a.Key is not ("sub" or "email_verified" or "phone_number_verified"))
            .ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        var required = RequiredAttributes(context.Pool)
            .Where(name => !user.Attributes.ContainsKey(name))
            .Select(name => "userAttributes." + name)
            .ToArray();
        var session = sessions.Seal(new AuthSessionState(context.Pool.Id, context.Client.ClientId, user.Id, NewPasswordRequired,
            (time.GetUtcNow() + context.Client.Settings.AuthSessionLifetime).ToUnixTimeSeconds()));
        return SignInStep.Challenge(NewPasswordRequired, session, new Dictionary<string, string>
        {
            ["USER_ID_FOR_SRP"] = user.Username,
            ["requiredAttributes"] = JsonSerializer.Serialize(required, AuthJsonContext.Default.StringArray),
            ["userAttributes"] = JsonSerializer.Serialize(visible, AuthJsonContext.Default.DictionaryStringString),
        });
    }

    /// <summary>The API proves its client by SECRET_HASH; the hosted UI has none to give, its client being proven by the registered redirect_uri.</summary>
    private void VerifyCaller(SignInContext context, string? hash, string username, string? canonicalName)
    {
        if (context.Channel == SignInChannel.Api)
        {
            secretHash.Verify(context.Client, hash, username, canonicalName);
        }
    }

    private static string Required(IReadOnlyDictionary<string, string> values, string name)
        => values.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value)
            ? value
            : throw CognitoErrors.InvalidParameter($"Missing required parameter {name}");
}

// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Auth.Mfa;
using Tessera.Core.Auth.Srp;
using Tessera.Core.AuthEvents;
using Tessera.Core.Errors;
using Tessera.Core.Pools;
using Tessera.Core.Triggers;
using Tessera.Core.Users;

namespace Tessera.Core.Auth.Custom;

/// <summary>
/// CUSTOM_AUTH: the Define auth challenge function decides each step from the challenges so far, Create auth
/// challenge builds each CUSTOM_CHALLENGE and Verify auth challenge response judges each ANSWER. With SRP_A in
/// the AuthParameters the sequence starts with <c>SRP_A</c> and Define may ask for PASSWORD_VERIFIER, which the
/// SRP code checks. The challenge history and the private challenge parameters travel sealed in the Session
/// (<see cref="CustomAuthSessions"/>).
/// </summary>
public sealed class CustomAuthFlow(
    UserDirectory directory,
    CustomAuthTriggers triggers,
    AuthTriggers authTriggers,
    SignInFlow flow,
    SrpAuthenticator srp,
    SecretHash secretHash,
    CustomAuthSessions sessions,
    SignInCandidates candidates,
    AuthEventRecorder events)
{
    public const string AuthFlow = "CUSTOM_AUTH";
    public const string CustomChallenge = "CUSTOM_CHALLENGE";
    public const string SrpA = "SRP_A";

    /// <summary>
    /// Tessera's own bound on one sign-in's challenges, so a Define function that never decides cannot loop
    /// forever; AWS documents no number (the usual "three attempts" is the Define function's own rule).
    /// </summary>
    public const int MaxChallenges = 16;

    /// <summary>Whether a PASSWORD_VERIFIER answer belongs to this flow (its Session was issued here).</summary>
    public bool IssuedSession(string? session) => sessions.Is(session, CustomAuthSessions.Verifier);

    /// <summary>InitiateAuth/AdminInitiateAuth CUSTOM_AUTH.</summary>
    public async Task<SignInStep> StartAsync(SignInContext context, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(parameters);
        var (pool, client) = (context.Pool, context.Client);
        var username = Required(parameters, "USERNAME");
        parameters.TryGetValue("SECRET_HASH", out var hash);
        var user = await candidates.FindAsync(pool, client, username, hash, cancellationToken).ConfigureAwait(false);
        if (user is not null)
        {
            CheckAccount(user);
            // PreAuthentication runs for every sign-in attempt, custom ones included, with the InitiateAuth metadata.
            await authTriggers.PreAuthenticationAsync(pool, client, user, context.ClientMetadata, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await authTriggers.PreAuthenticationForUnknownAsync(pool, client, username, context.ClientMetadata, cancellationToken).ConfigureAwait(false);
        }

        // AWS developer guide, Define auth challenge: CHALLENGE_NAME=SRP_A with SRP_A starts the sequence with
        // a password check; amazon-cognito-identity-js sends both.
        var withSrp = parameters.ContainsKey(SrpA) || (parameters.TryGetValue("CHALLENGE_NAME", out var first) && first == SrpA);
        // InitiateAuth does not pass its ClientMetadata to the challenge triggers (InitiateAuthRequest.ClientMetadata doc).
        var caller = new CustomAuthCaller(user, user?.Username ?? username, client.ClientId, ClientMetadata: null);
        IReadOnlyList<ChallengeResult> history = withSrp ? [new ChallengeResult(SrpA, true)] : [];
        return await NextAsync(context, caller, history, withSrp ? parameters : null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>RespondToAuthChallenge CUSTOM_CHALLENGE: Verify judges the ANSWER, then Define decides again.</summary>
    public async Task<SignInStep> AnswerAsync(SignInContext context, ChallengeResponse request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var answer = Required(request.Responses, "ANSWER");
        var (state, user) = await OpenAsync(context, request, CustomAuthSessions.Custom, cancellationToken).ConfigureAwait(false);
        var caller = new CustomAuthCaller(user, state.Username, context.Client.ClientId, request.ClientMetadata ?? new Dictionary<string, string>());
        // Verify runs inside the event the first step opened, so an answer its function refuses is recorded too.
        return await StepAsync(context, caller, continues: true, passwordProven: null, async () =>
        {
            var correct = await triggers.VerifyAsync(context.Pool, caller, state.PrivateParameters ?? new Dictionary<string, string>(), answer, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<ChallengeResult> history = [.. state.History, new ChallengeResult(CustomChallenge, correct, state.Metadata)];
            return await DecideAsync(context, caller, history, srpParameters: null, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// RespondToAuthChallenge PASSWORD_VERIFIER inside the custom flow. A proven password whose owner must set a
    /// new one or pass MFA leaves the functions: Cognito then runs its own follow-ups and issues tokens
    /// (aws-amplify/amplify-js#3876, amazon-cognito-identity-js#341). Otherwise Define decides again.
    /// </summary>
    public async Task<SignInStep> VerifyPasswordAsync(SignInContext context, ChallengeResponse request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var (state, user) = await OpenAsync(context, request, CustomAuthSessions.Verifier, cancellationToken).ConfigureAwait(false);

        // The sealed SECRET_BLOCK binds the SRP exchange to this client and user; our Session was checked above.
        var claim = await srp.OpenClaimAsync(context.Pool, context.Client, request with { Session = null }, cancellationToken).ConfigureAwait(false);
        if (claim.User is null)
        {
            // The decoy challenge of an unknown user: refused as slowly as a wrong password.
            _ = srp.Proves(context.Pool, claim);
            throw CognitoErrors.IncorrectCredentials();
        }

        if (user is null || claim.User.Id != user.Id)
        {
            throw CognitoErrors.InvalidSession();
        }

        var proven = await flow.PasswordGuessAsync(claim.User, counted =>
            srp.Proves(context.Pool, claim) ? Task.FromResult(counted) : throw CognitoErrors.IncorrectCredentials(), cancellationToken).ConfigureAwait(false);
        if (proven.Status == UserStatus.ForceChangePassword || MfaApplies(context.Pool, proven))
        {
            return await flow.AfterCustomPasswordAsync(context, proven, cancellationToken).ConfigureAwait(false);
        }

        if (proven.Status == UserStatus.ResetRequired)
        {
            throw CognitoErrors.PasswordResetRequired();
        }

        var caller = new CustomAuthCaller(proven, proven.Username, context.Client.ClientId, request.ClientMetadata ?? new Dictionary<string, string>());
        IReadOnlyList<ChallengeResult> history = [.. state.History, new ChallengeResult(SrpAuthenticator.ChallengeName, true)];
        return await NextAsync(context, caller, history, srpParameters: null, cancellationToken).ConfigureAwait(false);
    }

    private static bool MfaApplies(UserPool pool, User user)
    {
        var mode = pool.Settings.MfaConfiguration ?? "OFF";
        return mode == "ON" || (mode != "OFF" && MfaChallenges.EnabledFactors(pool, user).Count > 0);
    }

    private static void CheckAccount(User user)
    {
        if (!user.Enabled)
        {
            throw CognitoErrors.UserDisabled();
        }

        if (user.Status == UserStatus.Unconfirmed)
        {
            throw CognitoErrors.UserNotConfirmed();
        }
    }

    /// <summary>
    /// Asks Define what follows <paramref name="history"/> and carries it out, as one step of a known user's event
    /// (threat protection's CustomAuthMode decides whether it is recorded). The start (an empty history or SRP_A alone)
    /// begins the event; an answer continues it, a proven password noted as such.
    /// </summary>
    private Task<SignInStep> NextAsync(
        SignInContext context, CustomAuthCaller caller, IReadOnlyList<ChallengeResult> history,
        IReadOnlyDictionary<string, string>? srpParameters, CancellationToken cancellationToken)
    {
        var last = history.Count > 0 ? history[^1] : null;
        return StepAsync(
            context,
            caller,
            continues: last is not null && last.ChallengeName != SrpA,
            passwordProven: last?.ChallengeName == SrpAuthenticator.ChallengeName ? last.Result : null,
            () => DecideAsync(context, caller, history, srpParameters, cancellationToken),
            cancellationToken);
    }

    /// <summary>Runs <paramref name="step"/> as a step of a known user's sign-in event; an unknown user's has none.</summary>
    private async Task<SignInStep> StepAsync(
        SignInContext context, CustomAuthCaller caller, bool continues, bool? passwordProven, Func<Task<SignInStep>> step, CancellationToken cancellationToken)
    {
        if (caller.User is not { } known)
        {
            return await step().ConfigureAwait(false);
        }

        var attempt = events.StartSignIn(context, known, continues, customAuth: true);
        if (passwordProven is { } proven)
        {
            attempt.Answered(AuthEventRecorder.Password, proven);
        }

        return await attempt.RunAsync(step, cancellationToken).ConfigureAwait(false);
    }

    private async Task<SignInStep> DecideAsync(
        SignInContext context, CustomAuthCaller caller, IReadOnlyList<ChallengeResult> history,
        IReadOnlyDictionary<string, string>? srpParameters, CancellationToken cancellationToken)
    {
        var (pool, client) = (context.Pool, context.Client);
        if (history.Count > MaxChallenges)
        {
            throw CognitoErrors.IncorrectCredentials();
        }

        var decision = await triggers.DefineAsync(pool, caller, history, cancellationToken).ConfigureAwait(false);
        if (decision.FailAuthentication)
        {
            throw CognitoErrors.IncorrectCredentials();
        }

        if (decision.IssueTokens)
        {
            // A user who does not exist can never be let in, whatever the function says.
            return caller.User is { } user
                ? await flow.CustomChallengesPassedAsync(context, user, cancellationToken).ConfigureAwait(false)
                : throw CognitoErrors.IncorrectCredentials();
        }

        switch (decision.ChallengeName)
        {
            case CustomChallenge:
                {
                    var created = await triggers.CreateAsync(pool, caller, CustomChallenge, history, cancellationToken).ConfigureAwait(false);
                    var state = new CustomAuthState(history, created.PrivateParameters, created.Metadata, caller.Username, Nonce: null);
                    var session = await sessions.SealAsync(pool, client, caller.User, CustomAuthSessions.Custom, state, cancellationToken).ConfigureAwait(false);
                    var parameters = new Dictionary<string, string>(created.PublicParameters, StringComparer.Ordinal) { ["USERNAME"] = caller.Username };
                    return SignInStep.Challenge(CustomChallenge, session, parameters);
                }

            case SrpAuthenticator.ChallengeName when srpParameters is not null && history is [{ ChallengeName: SrpA }]:
                {
                    var outcome = await srp.StartAsync(pool, client, srpParameters, cancellationToken).ConfigureAwait(false);
                    var state = new CustomAuthState(history, PrivateParameters: null, Metadata: null, caller.Username, Nonce: null);
                    var session = await sessions.SealAsync(pool, client, caller.User, CustomAuthSessions.Verifier, state, cancellationToken).ConfigureAwait(false);
                    return SignInStep.Challenge(outcome.ChallengeName!, session, outcome.ChallengeParameters!);
                }

            default:
                throw TriggerErrors.InvalidResponse(TriggerNames.DefineAuthChallenge);
        }
    }

    /// <summary>Opens a custom-auth Session for the user named in the answer and uses it up.</summary>
    private async Task<(CustomAuthState State, User? User)> OpenAsync(
        SignInContext context, ChallengeResponse request, string name, CancellationToken cancellationToken)
    {
        var (pool, client) = (context.Pool, context.Client);
        var (sealedState, state) = sessions.Open(pool, client, request.Session, name);
        var username = Required(request.Responses, "USERNAME");
        request.Responses.TryGetValue("SECRET_HASH", out var hash);
        var user = await directory.FindAsync(pool, username, cancellationToken).ConfigureAwait(false);
        secretHash.Verify(client, hash, username, user?.Username);
        if (sealedState.UserId == Guid.Empty)
        {
            // PreventUserExistenceErrors: the flow runs on for a name that matches no user, and fails at its end.
            if (UserDirectory.Normalize(pool, username) != UserDirectory.Normalize(pool, state.Username))
            {
                throw CognitoErrors.InvalidSession();
            }

            return (state, null);
        }

        if (user is null || user.Id != sealedState.UserId)
        {
            throw CognitoErrors.InvalidSession();
        }

        await sessions.ConsumeAsync(user, state, cancellationToken).ConfigureAwait(false);
        CheckAccount(user);
        return (state, user);
    }

    private static string Required(IReadOnlyDictionary<string, string> values, string name)
        => values.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value)
            ? value
            : throw CognitoErrors.InvalidParameter($"Missing required parameter {name}");
}

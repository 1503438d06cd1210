// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Auth;
using Tessera.Core.Errors;
using Tessera.Core.Users;

namespace Tessera.Core.AuthEvents;

/// <summary>
/// One sign-in step under way: the flow notes each challenge answered, then ends it with the step it reached or the
/// error it threw; <see cref="AuthEventRecorder"/> turns that into the event (nothing when the pool does not record).
/// </summary>
public sealed class SignInAttempt
{
    private readonly AuthEventRecorder recorder;
    private readonly bool recording;

    internal SignInAttempt(AuthEventRecorder recorder, SignInContext context, User user, bool continues, bool recording)
    {
        this.recorder = recorder;
        this.recording = recording;
        Context = context;
        User = user;
        Continues = continues;
    }

    internal SignInContext Context { get; }
    internal User User { get; }
    internal bool Continues { get; }
    internal List<AuthEventChallenge> Challenges { get; } = [];

    /// <summary>A challenge (<see cref="AuthEventRecorder.Password"/> or <see cref="AuthEventRecorder.Mfa"/>) was answered, rightly or not.</summary>
    public void Answered(string challenge, bool success) => Challenges.Add(new AuthEventChallenge(challenge, success ? "Success" : "Failure"));

    /// <summary>Runs the step: what it returns or throws (a <see cref="CognitoException"/>, rethrown) is recorded.</summary>
    public async Task<SignInStep> RunAsync(Func<Task<SignInStep>> step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        SignInStep reached;
        try
        {
            reached = await step().ConfigureAwait(false);
        }
        catch (CognitoException e)
        {
            await FailedAsync(e, cancellationToken).ConfigureAwait(false);
            throw;
        }

        return await EndAsync(reached, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The step ended in <paramref name="step"/>: recorded as Pass or InProgress, and returned.</summary>
    public async Task<SignInStep> EndAsync(SignInStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (recording)
        {
            await recorder.SaveSignInAsync(this, AuthEventRecorder.Response(step, null), cancellationToken).ConfigureAwait(false);
        }

        return step;
    }

    /// <summary>The step threw <paramref name="error"/>; the caller rethrows it.</summary>
    public async Task FailedAsync(CognitoException error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (recording)
        {
            await recorder.SaveSignInAsync(this, AuthEventRecorder.Response(null, error), cancellationToken).ConfigureAwait(false);
        }
    }
}

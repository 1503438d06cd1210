// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Auth;
using Tessera.Core.Auth.Mfa;
using Tessera.Core.Clients;
using Tessera.Core.Errors;
using Tessera.Core.Pools;
using Tessera.Core.Security;
using Tessera.Core.Users;

namespace Tessera.Core.HostedUi;

/// <summary>A sign-in step on the hosted pages: the user it signed in, or the challenge page to show next.</summary>
public sealed record HostedSignInResult(User? User, string? ChallengeName, string? Session)
{
    public static HostedSignInResult SignedIn(User user) => new(user, null, null);

    public static HostedSignInResult Challenge(string name, string session) => new(null, name, session);
}

/// <summary>
/// The password check behind <c>/login</c>: the same rules as USER_PASSWORD_AUTH (throttle, UNCONFIRMED first,
/// disabled, reset required, temporary passwords) but ending in a browser session instead of tokens.
/// </summary>
public sealed class HostedSignIn(
    UserDirectory directory,
    PasswordHasher hasher,
    PasswordSetter passwords,
    SignInThrottle throttle,
    AuthSessionSealer sessions,
    TimeProvider time)
{
    public const string NewPasswordRequired = "NEW_PASSWORD_REQUIRED";

    public async Task<HostedSignInResult> PasswordAsync(UserPool pool, AppClient client, string username, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(client);
        var user = await directory.FindAsync(pool, username, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            await hasher.VerifyAsync(password, null, cancellationToken).ConfigureAwait(false);
            throw client.Settings.PreventsUserExistenceErrors ? CognitoErrors.IncorrectCredentials() : CognitoErrors.UserNotFound();
        }

        throttle.ThrowIfLocked(user);
        if (user.Status == UserStatus.Unconfirmed)
        {
            throw CognitoErrors.UserNotConfirmed();
        }

        if (!await hasher.VerifyAsync(password, user.PasswordHash, cancellationToken).ConfigureAwait(false))
        {
            await throttle.RecordFailureAsync(user, cancellationToken).ConfigureAwait(false);
            throw CognitoErrors.IncorrectCredentials();
        }

        if (!user.Enabled)
        {
            throw CognitoErrors.UserDisabled();
        }

        if (user.Status == UserStatus.ResetRequired)
        {
            throw CognitoErrors.PasswordResetRequired();
        }

        user = await throttle.RecordSuccessAsync(user, cancellationToken).ConfigureAwait(false);
        if (user.Status == UserStatus.ForceChangePassword)
        {
            if (user.TemporaryPasswordExpiresAt is { } expires && expires <= time.GetUtcNow())
            {
                throw CognitoErrors.NotAuthorized("Temporary password has expired and must be reset by an administrator.");
            }

            var session = sessions.Seal(new AuthSessionState(pool.Id, client.ClientId, user.Id, NewPasswordRequired,
                (time.GetUtcNow() + client.Settings.AuthSessionLifetime).ToUnixTimeSeconds()));
            return HostedSignInResult.Challenge(NewPasswordRequired, session);
        }

        // The hosted pages have no MFA step yet: refuse rather than let a browser sign-in skip the second factor.
        if ((pool.Settings.MfaConfiguration ?? "OFF") != "OFF"
            && ((pool.Settings.MfaConfiguration == "ON") || MfaChallenges.EnabledFactors(pool, user).Count > 0))
        {
            throw CognitoErrors.NotAuthorized("Multi-factor authentication is required for this user, and this sign-in page does not offer it yet. Sign in through the API (InitiateAuth).");
        }

        return HostedSignInResult.SignedIn(user);
    }

    /// <summary>The new-password page: replaces a temporary password through <see cref="PasswordSetter"/> and confirms the user.</summary>
    public async Task<User> NewPasswordAsync(UserPool pool, AppClient client, string? session, string newPassword, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(client);
        var state = sessions.Open(session, client.ClientId, NewPasswordRequired);
        var user = await directory.FindAsync(pool, state.UserId.ToString(), cancellationToken).ConfigureAwait(false);
        if (user is null || user.Status != UserStatus.ForceChangePassword)
        {
            throw CognitoErrors.InvalidSession();
        }

        var credentials = await passwords.CreateAsync(pool, user, newPassword, cancellationToken).ConfigureAwait(false);
        return await directory.UpdateAsync(user, u =>
        {
            credentials.ApplyTo(u);
            u.Status = UserStatus.Confirmed;
            u.TemporaryPasswordExpiresAt = null;
        }, cancellationToken).ConfigureAwait(false);
    }
}

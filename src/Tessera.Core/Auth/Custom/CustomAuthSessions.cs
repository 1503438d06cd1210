// SPDX-License-Identifier: Apache-2.0
using System.Security.Cryptography;
using System.Text.Json;
using Tessera.Core.Auth.Srp;
using Tessera.Core.Clients;
using Tessera.Core.Errors;
using Tessera.Core.Lifecycle;
using Tessera.Core.Pools;
using Tessera.Core.Security;
using Tessera.Core.Users;

namespace Tessera.Core.Auth.Custom;

/// <summary>
/// The Sessions of CUSTOM_AUTH: the <see cref="CustomAuthState"/> sealed inside an <see cref="AuthSessionState"/>,
/// and single use. Cognito refuses a Session answered once ("session can only be used once"), so each carries a
/// random nonce whose keyed hash is the user's one live custom-auth record in the verification-code store;
/// answering consumes it. For a user who does not exist nothing is stored (that flow can only fail).
/// </summary>
public sealed class CustomAuthSessions(AuthSessionSealer sessions, IVerificationCodeStore nonces, SecretProtector protector, TimeProvider time)
{
    /// <summary>The Session of an open CUSTOM_CHALLENGE.</summary>
    public const string Custom = "CUSTOM_AUTH/" + CustomAuthFlow.CustomChallenge;

    /// <summary>The Session of the PASSWORD_VERIFIER step of a sign-in that started with SRP_A.</summary>
    public const string Verifier = "CUSTOM_AUTH/" + SrpAuthenticator.ChallengeName;

    private const string StateKey = "s";
    private const string NoncePurpose = "CUSTOM_AUTH_SESSION";

    /// <summary>Whether <paramref name="session"/> is one of ours of kind <paramref name="kind"/> (no other check).</summary>
    public bool Is(string? session, string kind) => sessions.Read(session)?.ChallengeName == kind;

    /// <summary>A new Session of <paramref name="kind"/>; for a real user it replaces any earlier one.</summary>
    public async Task<string> SealAsync(
        UserPool pool, AppClient client, User? user, string kind, CustomAuthState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(state);
        var now = time.GetUtcNow();
        var expires = now + client.Settings.AuthSessionLifetime;
        if (user is not null)
        {
            var nonce = RandomIds.Base64Url(RandomNumberGenerator.GetBytes(16));
            state = state with { Nonce = nonce };
            await nonces.SaveAsync(new VerificationCode
            {
                UserId = user.Id,
                PoolId = pool.Id,
                Purpose = NoncePurpose,
                CodeHash = NonceHash(user.Id, nonce),
                CreatedAt = now,
                ExpiresAt = expires,
                FailureWindowStart = now,
                SendWindowStart = now,
            }, cancellationToken).ConfigureAwait(false);
        }

        return sessions.Seal(new AuthSessionState(pool.Id, client.ClientId, user?.Id ?? Guid.Empty, kind, expires.ToUnixTimeSeconds(),
            new Dictionary<string, string> { [StateKey] = JsonSerializer.Serialize(state, CustomAuthJsonContext.Default.CustomAuthState) }));
    }

    /// <summary>Opens a Session of <paramref name="kind"/> for this pool and client, or throws NotAuthorizedException
    /// (invalid or expired). The user it names is <see cref="AuthSessionState.UserId"/>, empty for a user who does not exist.</summary>
    public (AuthSessionState Sealed, CustomAuthState State) Open(UserPool pool, AppClient client, string? session, string kind)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(client);
        var sealedState = sessions.Open(session, client.ClientId, kind);
        var state = sealedState.PoolId == pool.Id && sealedState.Extra?.GetValueOrDefault(StateKey) is { } json
            ? JsonSerializer.Deserialize(json, CustomAuthJsonContext.Default.CustomAuthState)
            : null;
        return state is null ? throw CognitoErrors.InvalidSession() : (sealedState, state);
    }

    /// <summary>Uses up the Session of <paramref name="user"/>, or throws as Cognito does for one answered before.</summary>
    public async Task ConsumeAsync(User user, CustomAuthState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(state);
        if (state.Nonce is null)
        {
            throw CognitoErrors.InvalidSession();
        }

        if (!await nonces.TryConsumeAsync(user.Id, NoncePurpose, NonceHash(user.Id, state.Nonce), cancellationToken).ConfigureAwait(false))
        {
            throw CognitoErrors.SessionUsed();
        }
    }

    private byte[] NonceHash(Guid userId, string nonce) => protector.KeyedHash("custom-auth-session:" + userId.ToString("N") + ":" + nonce);
}

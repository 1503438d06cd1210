// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using Tessera.Core.Auth.Custom;
using Tessera.Core.Auth.Mfa;
using Tessera.Core.Auth.Srp;
using Tessera.Core.Clients;
using Tessera.Core.Errors;
using Tessera.Core.Pools;
using Tessera.Core.Security;
using Tessera.Core.Tokens;
using Tessera.Core.Users;

namespace Tessera.Core.Auth;

/// <summary>
/// The user-pool sign-in flows: USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH and the
/// NEW_PASSWORD_REQUIRED challenge here; USER_SRP_AUTH in <see cref="SrpAuthenticator"/> and the MFA
/// challenges in <see cref="MfaChallenges"/>, both after the same first-factor checks; CUSTOM_AUTH in
/// <see cref="CustomAuthFlow"/>, whose outcome comes back here for tokens.
/// </summary>
public sealed class AuthService(
    IAppClientStore clients,
    UserDirectory directory,
    PasswordHasher hasher,
    PasswordSetter passwords,
    SecretHash secretHash,
    AuthSessionSealer sessions,
    TokenIssuer issuer,
    IRefreshTokenStore refreshTokens,
    SecretProtector protector,
    SignInThrottle throttle,
    Lifecycle.ExistenceTiming timing,
    SrpAuthenticator srp,
    SrpVerifierSealer srpVerifiers,
    MfaChallenges mfa,
    CustomAuthFlow custom,
    TimeProvider time)
{
    public async Task<AuthOutcome> InitiateAsync(AuthRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var admin = request.PoolId is not null;
        var client = await GetClientAsync(request.ClientId, request.PoolId, cancellationToken).ConfigureAwait(false);
        var pool = await directory.GetPoolAsync(client.PoolId, cancellationToken).ConfigureAwait(false);

        switch (request.AuthFlow)
        {
            case "USER_PASSWORD_AUTH" when !admin:
            case "ADMIN_USER_PASSWORD_AUTH" or "ADMIN_NO_SRP_AUTH" when admin:
                RequireFlow(client, request.AuthFlow, admin);
                return await PasswordAuthAsync(pool, client, request.Parameters, cancellationToken).ConfigureAwait(false);
            case "REFRESH_TOKEN_AUTH" or "REFRESH_TOKEN":
                RequireFlow(client, request.AuthFlow, admin);
                return await RefreshAsync(pool, client, request.Parameters, cancellationToken).ConfigureAwait(false);
            case "USER_SRP_AUTH":
                RequireFlow(client, request.AuthFlow, admin);
                return await srp.StartAsync(pool, client, request.Parameters, cancellationToken).ConfigureAwait(false);
            case CustomAuthFlow.AuthFlow:
                RequireFlow(client, request.AuthFlow, admin);
                return await FinishAsync(pool, client, await custom.StartAsync(pool, client, request, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            case "USER_AUTH":
                throw CognitoErrors.InvalidParameter($"Tessera does not support the {request.AuthFlow} flow yet.");
            default:
                throw CognitoErrors.InvalidParameter($"Invalid AuthFlow {request.AuthFlow} for this operation.");
        }
    }

    public async Task<AuthOutcome> RespondAsync(ChallengeResponse request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var client = await GetClientAsync(request.ClientId, request.PoolId, cancellationToken).ConfigureAwait(false);
        var pool = await directory.GetPoolAsync(client.PoolId, cancellationToken).ConfigureAwait(false);
        return request.ChallengeName switch
        {
            "NEW_PASSWORD_REQUIRED" => await NewPasswordAsync(pool, client, request, cancellationToken).ConfigureAwait(false),
            CustomAuthFlow.CustomChallenge => await FinishAsync(pool, client, await custom.AnswerAsync(pool, client, request, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false),
            SrpAuthenticator.ChallengeName when custom.IssuedSession(request.Session) => await FinishAsync(pool, client,
                await custom.VerifyPasswordAsync(pool, client, request, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false),
            SrpAuthenticator.ChallengeName => await AfterPasswordAsync(pool, client,
                await srp.VerifyAsync(pool, client, request, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false),
            var name when MfaChallenges.IsMfaChallenge(name) => await mfa.RespondAsync(pool, client, request, cancellationToken).ConfigureAwait(false),
            "DEVICE_SRP_AUTH" or "DEVICE_PASSWORD_VERIFIER" => throw CognitoErrors.InvalidParameter(
                $"Tessera does not support device authentication ({request.ChallengeName}): sign in without DEVICE_KEY."),
            _ => throw CognitoErrors.InvalidParameter($"Tessera does not support the {request.ChallengeName} challenge yet."),
        };
    }

    private async Task<AppClient> GetClientAsync(string clientId, string? poolId, CancellationToken cancellationToken)
    {
        var client = await clients.FindAsync(clientId, cancellationToken).ConfigureAwait(false);
        if (client is null || (poolId is not null && client.PoolId != poolId))
        {
            if (poolId is not null)
            {
                _ = await directory.GetPoolAsync(poolId, cancellationToken).ConfigureAwait(false);
            }

            throw CognitoErrors.ClientNotFound(clientId);
        }

        return client;
    }

    private static void RequireFlow(AppClient client, string flow, bool admin)
    {
        if (!client.Settings.Allows(flow))
        {
            throw CognitoErrors.InvalidParameter(admin ? "Auth flow not enabled for this client" : $"{flow} flow not enabled for this client");
        }
    }

    private static string RequireParameter(IReadOnlyDictionary<string, string> parameters, string name)
        => parameters.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value)
            ? value
            : throw CognitoErrors.InvalidParameter($"Missing required parameter {name}");

    private async Task<AuthOutcome> PasswordAuthAsync(UserPool pool, AppClient client, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        var username = RequireParameter(parameters, "USERNAME");
        var password = RequireParameter(parameters, "PASSWORD");
        parameters.TryGetValue("SECRET_HASH", out var hash);
        var start = timing.Start();

        var user = await directory.FindAsync(pool, username, cancellationToken).ConfigureAwait(false);
        secretHash.Verify(client, hash, username, user?.Username);
        if (user is null)
        {
            // Spend the same time as a real check so the answer's timing does not tell who exists.
            await hasher.VerifyAsync(password, null, cancellationToken).ConfigureAwait(false);
            await timing.PadAsync(nameof(PasswordAuthAsync), start, cancellationToken).ConfigureAwait(false);
            throw client.Settings.PreventsUserExistenceErrors ? CognitoErrors.IncorrectCredentials() : CognitoErrors.UserNotFound();
        }

        throttle.ThrowIfLocked(user);

        // AWS answers UserNotConfirmedException before it looks at the password (COGNITO-NOTES §0.5).
        if (user.Status == UserStatus.Unconfirmed)
        {
            throw CognitoErrors.UserNotConfirmed();
        }

        if (!await hasher.VerifyAsync(password, user.PasswordHash, cancellationToken).ConfigureAwait(false))
        {
            await throttle.RecordFailureAsync(user, cancellationToken).ConfigureAwait(false);
            timing.RecordReal(nameof(PasswordAuthAsync), start);
            throw CognitoErrors.IncorrectCredentials();
        }

        if (user.SrpVerifier is null)
        {
            // A password stored before SRP existed: derive its verifier now that the password is at hand.
            var (salt, verifier) = srpVerifiers.Create(pool, user, password);
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

        return await AfterPasswordAsync(pool, client, user, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What follows a proven password (plain or SRP): account state, NEW_PASSWORD_REQUIRED, MFA, tokens.</summary>
    private async Task<AuthOutcome> AfterPasswordAsync(UserPool pool, AppClient client, User user, CancellationToken cancellationToken)
    {
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

            return NewPasswordChallenge(pool, client, user);
        }

        return await mfa.ContinueAsync(pool, client, user, cancellationToken).ConfigureAwait(false);
    }

    private AuthOutcome NewPasswordChallenge(UserPool pool, AppClient client, User user)
    {
        var visible = user.Attributes.Where(a => a.Key is not ("sub" or "email_verified" or "phone_number_verified"))
            .ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        var required = (pool.Settings.CustomAttributes ?? []).Where(a => a.Required == true).Select(a => a.Name!)
            .Concat(RequiredStandardAttributes(pool))
            .Where(name => !user.Attributes.ContainsKey(name))
            .Select(name => "userAttributes." + name)
            .ToArray();
        var session = sessions.Seal(new AuthSessionState(pool.Id, client.ClientId, user.Id, "NEW_PASSWORD_REQUIRED",
            (time.GetUtcNow() + client.Settings.AuthSessionLifetime).ToUnixTimeSeconds()));
        return AuthOutcome.Challenge("NEW_PASSWORD_REQUIRED", session, new Dictionary<string, string>
        {
            ["USER_ID_FOR_SRP"] = user.Username,
            ["requiredAttributes"] = JsonSerializer.Serialize(required, AuthJsonContext.Default.StringArray),
            ["userAttributes"] = JsonSerializer.Serialize(visible, AuthJsonContext.Default.DictionaryStringString),
        });
    }

    private static IEnumerable<string> RequiredStandardAttributes(UserPool pool) => pool.Settings.RequiredStandardAttributes ?? [];

    private async Task<AuthOutcome> NewPasswordAsync(UserPool pool, AppClient client, ChallengeResponse request, CancellationToken cancellationToken)
    {
        var state = sessions.Open(request.Session, client.ClientId, "NEW_PASSWORD_REQUIRED");
        var username = RequireParameter(request.Responses, "USERNAME");
        var newPassword = RequireParameter(request.Responses, "NEW_PASSWORD");
        var user = await directory.FindAsync(pool, username, cancellationToken).ConfigureAwait(false);
        if (user is null || user.Id != state.UserId)
        {
            throw CognitoErrors.InvalidSession();
        }

        request.Responses.TryGetValue("SECRET_HASH", out var hash);
        secretHash.Verify(client, hash, username, user.Username);
        if (user.Status != UserStatus.ForceChangePassword)
        {
            throw CognitoErrors.InvalidSession();
        }

        var credentials = await passwords.CreateAsync(pool, user, newPassword, cancellationToken).ConfigureAwait(false);
        var attributes = request.Responses.Where(r => r.Key.StartsWith("userAttributes.", StringComparison.Ordinal))
            .Select(r => new AttributeType(r.Key["userAttributes.".Length..], r.Value)).ToList();
        UserDirectory.ValidateAttributes(pool, attributes, creating: false);
        var missing = (pool.Settings.CustomAttributes ?? []).Where(a => a.Required == true).Select(a => a.Name!)
            .Concat(RequiredStandardAttributes(pool))
            .FirstOrDefault(name => !user.Attributes.ContainsKey(name) && attributes.All(a => a.Name != name));
        if (missing is not null)
        {
            throw CognitoErrors.InvalidParameter($"Missing required attribute: {missing}");
        }

        user = await directory.UpdateAsync(user, u =>
        {
            credentials.ApplyTo(u);
            u.Status = UserStatus.Confirmed;
            u.TemporaryPasswordExpiresAt = null;
            foreach (var attribute in attributes)
            {
                u.SetAttribute(attribute.Name, attribute.Value);
            }
        }, cancellationToken).ConfigureAwait(false);
        return await mfa.ContinueAsync(pool, client, user, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A custom-auth step: its challenge, tokens for a user the functions let in, or the password follow-ups.</summary>
    private async Task<AuthOutcome> FinishAsync(UserPool pool, AppClient client, CustomAuthStep step, CancellationToken cancellationToken) => step switch
    {
        { Challenge: { } challenge } => challenge,
        { Authenticated: { } user } => await CompleteAsync(user, client, cancellationToken).ConfigureAwait(false),
        { PasswordProven: { } user } => await AfterPasswordAsync(pool, client, user, cancellationToken).ConfigureAwait(false),
        _ => throw new InvalidOperationException("A custom-auth step has an outcome."),
    };

    /// <summary>Starts a new session for a user who has passed every challenge.</summary>
    public async Task<AuthOutcome> CompleteAsync(User user, AppClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(client);
        var session = new TokenSession(Guid.NewGuid(), time.GetUtcNow());
        var tokens = await issuer.IssueAsync(user, client, session, withRefreshToken: true, cancellationToken).ConfigureAwait(false);
        return AuthOutcome.Authenticated(tokens);
    }

    private async Task<AuthOutcome> RefreshAsync(UserPool pool, AppClient client, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        var token = RequireParameter(parameters, "REFRESH_TOKEN");
        var record = await refreshTokens.FindByHashAsync(protector.KeyedHash(token), cancellationToken).ConfigureAwait(false);
        if (record is null || record.ClientId != client.ClientId)
        {
            throw CognitoErrors.InvalidRefreshToken();
        }

        // The record names the user by id: one indexed lookup, not the username-then-alias search of a sign-in.
        var user = await directory.FindByIdAsync(pool, record.UserId, cancellationToken).ConfigureAwait(false);
        parameters.TryGetValue("SECRET_HASH", out var hash);
        parameters.TryGetValue("USERNAME", out var givenName);
        secretHash.Verify(client, hash, givenName, user?.Username, user?.Sub);
        if (record.RevokedAt is not null)
        {
            throw CognitoErrors.RefreshTokenRevoked();
        }

        if (record.ExpiresAt <= time.GetUtcNow())
        {
            throw CognitoErrors.RefreshTokenExpired();
        }

        if (user is null)
        {
            throw CognitoErrors.InvalidRefreshToken();
        }

        if (!user.Enabled)
        {
            throw CognitoErrors.UserDisabled();
        }

        var tokens = await issuer.IssueAsync(user, client, new TokenSession(record.OriginJti, record.AuthTime, record.Scopes), withRefreshToken: false, cancellationToken).ConfigureAwait(false);
        return AuthOutcome.Authenticated(tokens);
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string[]))]
[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class AuthJsonContext : System.Text.Json.Serialization.JsonSerializerContext;

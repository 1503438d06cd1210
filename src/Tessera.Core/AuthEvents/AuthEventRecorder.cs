// SPDX-License-Identifier: Apache-2.0
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Tessera.Core.Auth;
using Tessera.Core.Errors;
using Tessera.Core.Pools;
using Tessera.Core.Security;
using Tessera.Core.Users;

namespace Tessera.Core.AuthEvents;

/// <summary>
/// The rules of the user event history (AdminListUserAuthEvents), in one place: which pools record (threat protection
/// on: UserPoolAddOns AdvancedSecurityMode AUDIT or ENFORCED, and for CUSTOM_AUTH also AdvancedSecurityAdditionalFlows
/// CustomAuthMode, as the developer guide's "Threat protection" says it covers standard and custom flows separately),
/// what a sign-in step makes of its event (<see cref="Response"/>), how the steps of one sign-in share one event, the
/// per-user bound, and the feedback token.
/// </summary>
public sealed class AuthEventRecorder(
    IAuthEventStore store,
    SecretProtector protector,
    IOptions<AuthEventOptions> options,
    TimeProvider time,
    ICallerAddress? caller = null)
{
    public const string SignIn = "SignIn";
    public const string SignUp = "SignUp";
    public const string ForgotPassword = "ForgotPassword";
    public const string PasswordChange = "PasswordChange";
    public const string ResendCode = "ResendCode";
    public const string Pass = "Pass";
    public const string Fail = "Fail";
    public const string InProgress = "InProgress";
    public const string Password = "Password";
    public const string Mfa = "Mfa";

    /// <summary>The User-Agent is kept to this length as the event's DeviceName.</summary>
    public const int MaxDeviceNameLength = 256;

    /// <summary>Whether the pool's threat protection is on for the flow: only then does Cognito log user events.</summary>
    public static bool ThreatProtectionIsOn(UserPool pool, bool customAuth = false)
    {
        ArgumentNullException.ThrowIfNull(pool);
        if (pool.Settings.UserPoolAddOns is not { ValueKind: JsonValueKind.Object } addOns)
        {
            return false;
        }

        if (!customAuth)
        {
            return IsAuditOrEnforced(addOns, "AdvancedSecurityMode");
        }

        return addOns.TryGetProperty("AdvancedSecurityAdditionalFlows", out var flows)
            && flows.ValueKind == JsonValueKind.Object
            && IsAuditOrEnforced(flows, "CustomAuthMode");
    }

    /// <summary>UserPoolAddOnNotEnabledException unless the pool's threat protection is on (the history's operations).</summary>
    public static void RequireThreatProtection(UserPool pool)
    {
        if (!ThreatProtectionIsOn(pool))
        {
            throw new CognitoException("UserPoolAddOnNotEnabledException", "Threat protection (UserPoolAddOns AdvancedSecurityMode AUDIT or ENFORCED) is not enabled for this user pool.");
        }
    }

    /// <summary>
    /// What a sign-in step makes of its event: tokens are Pass, a further challenge InProgress; an error is Fail, except
    /// a wrong code (CodeMismatchException), after which the same session may answer again, so the sign-in is still on.
    /// </summary>
    public static string Response(SignInStep? step, CognitoException? error) => error switch
    {
        null when step?.User is not null => Pass,
        null => InProgress,
        { Code: "CodeMismatchException" } => InProgress,
        _ => Fail,
    };

    /// <summary>
    /// A sign-in step of <paramref name="user"/>. A first step starts a new event; a later step (<paramref name="continues"/>:
    /// an answer to a challenge of the same sign-in) adds to the user's open event at the same client, if one was
    /// started within the client's auth session lifetime, else starts one.
    /// </summary>
    public SignInAttempt StartSignIn(SignInContext context, User user, bool continues, bool customAuth = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(user);
        return new SignInAttempt(this, context, user, continues, ThreatProtectionIsOn(context.Pool, customAuth));
    }

    /// <summary>An event of one step (SignUp, ForgotPassword, PasswordChange, ResendCode), when the pool records.</summary>
    public async Task RecordAsync(
        UserPool pool, User user, string? clientId, string eventType, string response, AuthEventChallenge? challenge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(user);
        if (ThreatProtectionIsOn(pool))
        {
            await AddAsync(New(pool.Id, user.Id, clientId, eventType, response, challenge is null ? [] : [challenge]), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The FeedbackToken of an event: an HMAC of the pool, user and event under the master key. It is never stored, so
    /// the database gives nobody a token; only the holder of the master key can derive one.
    /// </summary>
    public string FeedbackToken(AuthEvent authEvent)
    {
        ArgumentNullException.ThrowIfNull(authEvent);
        return RandomIds.Base64Url(protector.KeyedHash(FeedbackInput(authEvent)));
    }

    /// <summary>Whether <paramref name="token"/> is the event's feedback token, compared in constant time.</summary>
    public bool IsFeedbackToken(AuthEvent authEvent, string? token)
    {
        ArgumentNullException.ThrowIfNull(authEvent);
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(FeedbackToken(authEvent));
        var given = Encoding.UTF8.GetBytes(token);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    internal async Task SaveSignInAsync(SignInAttempt attempt, string response, CancellationToken cancellationToken)
    {
        var context = attempt.Context;
        AuthEvent? open = null;
        if (attempt.Continues)
        {
            var since = time.GetUtcNow() - context.Client.Settings.AuthSessionLifetime;
            open = await store.FindOpenSignInAsync(context.Pool.Id, attempt.User.Id, context.Client.ClientId, since, cancellationToken).ConfigureAwait(false);
        }

        if (open is null)
        {
            await AddAsync(New(context.Pool.Id, attempt.User.Id, context.Client.ClientId, SignIn, response, [.. attempt.Challenges]), cancellationToken).ConfigureAwait(false);
            return;
        }

        open.ChallengeResponses.AddRange(attempt.Challenges);
        open.EventResponse = response;
        await store.UpdateAsync(open, cancellationToken).ConfigureAwait(false);
    }

    private AuthEvent New(string poolId, Guid userId, string? clientId, string eventType, string response, List<AuthEventChallenge> challenges)
    {
        var agent = caller?.UserAgent;
        return new AuthEvent
        {
            EventId = Guid.NewGuid().ToString(),
            PoolId = poolId,
            UserId = userId,
            ClientId = clientId,
            EventType = eventType,
            EventResponse = response,
            ChallengeResponses = challenges,
            IpAddress = caller?.IpAddress,
            DeviceName = string.IsNullOrEmpty(agent) ? null : agent[..Math.Min(agent.Length, MaxDeviceNameLength)],
            CreatedAt = time.GetUtcNow(),
        };
    }

    private async Task AddAsync(AuthEvent authEvent, CancellationToken cancellationToken)
    {
        await store.AddAsync(authEvent, cancellationToken).ConfigureAwait(false);
        await store.TrimAsync(authEvent.PoolId, authEvent.UserId, options.Value.MaxEventsPerUser, cancellationToken).ConfigureAwait(false);
    }

    private static string FeedbackInput(AuthEvent authEvent) => $"auth-event-feedback:{authEvent.PoolId}:{authEvent.UserId:N}:{authEvent.EventId}";

    private static bool IsAuditOrEnforced(JsonElement parent, string name)
        => parent.TryGetProperty(name, out var mode) && mode.ValueKind == JsonValueKind.String && mode.GetString() is "AUDIT" or "ENFORCED";
}

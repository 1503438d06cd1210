// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using Tessera.Core.Auth;
using Tessera.Core.AuthEvents;
using Tessera.Core.Clients;
using Tessera.Core.Errors;
using Tessera.Core.Pools;
using Tessera.Core.Security;
using Tessera.Core.Sessions;
using Tessera.Core.Tokens;
using Tessera.Core.Users;

namespace Tessera.Core.Lifecycle;

/// <summary>What a signed-in user does with their access token: password, attributes, verification, deletion.</summary>
public sealed class SelfService(
    AccessTokenValidator tokens,
    IAppClientStore clients,
    UserDirectory directory,
    IUserStore users,
    PasswordHasher hasher,
    PasswordSetter passwords,
    SignInThrottle throttle,
    VerificationCodes codes,
    CodeMessenger messenger,
    AccountService accounts,
    SessionService sessions,
    AuthEventRecorder events)
{
    private static readonly HashSet<string> VerifiableAttributes = new(StringComparer.Ordinal) { "email", "phone_number" };

    /// <summary>The caller behind an access token that carries the scope these operations need.</summary>
    public async Task<Caller> AuthenticateAsync(string accessToken, CancellationToken cancellationToken)
    {
        var authenticated = await tokens.ValidateForUserPoolApiAsync(accessToken, cancellationToken).ConfigureAwait(false);

        var pool = await directory.GetPoolAsync(authenticated.User.PoolId, cancellationToken).ConfigureAwait(false);
        var client = await clients.FindAsync(authenticated.ClientId, cancellationToken).ConfigureAwait(false) ?? throw CognitoErrors.InvalidAccessToken();
        return new Caller(authenticated.User, pool, client);
    }

    public async Task ChangePasswordAsync(string accessToken, string? previousPassword, string proposedPassword, CancellationToken cancellationToken)
    {
        var caller = await AuthenticateAsync(accessToken, cancellationToken).ConfigureAwait(false);
        var user = RequireActive(caller.User);
        if (user.PasswordHash is not null)
        {
            // ChangePassword reports a lockout as LimitExceededException (API reference, ChangePassword errors).
            user = await throttle.TryGuessAsync(user, async counted =>
            {
                if (previousPassword is null || !await hasher.VerifyAsync(previousPassword, counted.PasswordHash, cancellationToken).ConfigureAwait(false))
                {
                    await events.RecordAsync(caller.Pool, counted, caller.Client.ClientId, AuthEventRecorder.PasswordChange, AuthEventRecorder.Fail,
                        new AuthEventChallenge(AuthEventRecorder.Password, "Failure"), cancellationToken).ConfigureAwait(false);
                    throw CognitoErrors.IncorrectCredentials();
                }

                return counted;
            }, cancellationToken).ConfigureAwait(false) ?? throw CognitoErrors.AttemptLimitExceeded();
        }

        var credentials = await passwords.CreateAsync(caller.Pool, user, proposedPassword, cancellationToken).ConfigureAwait(false);
        await directory.UpdateAsync(user, credentials.ApplyTo, cancellationToken).ConfigureAwait(false);
        await sessions.EndHostedUiAsync(user, SessionEndReason.PasswordChange, cancellationToken).ConfigureAwait(false);
        await events.RecordAsync(caller.Pool, user, caller.Client.ClientId, AuthEventRecorder.PasswordChange, AuthEventRecorder.Pass,
            user.PasswordHash is null ? null : new AuthEventChallenge(AuthEventRecorder.Password, "Success"), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<CodeDeliveryDetails>> UpdateAttributesAsync(string accessToken, IReadOnlyList<AttributeType> attributes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var caller = await AuthenticateAsync(accessToken, cancellationToken).ConfigureAwait(false);
        var user = RequireActive(caller.User);
        var pool = caller.Pool;
        var writer = AttributeWriter.User(caller.Client, creating: false);
        var written = UserAttributeWrites.Check(pool, writer, attributes);

        var auto = pool.Settings.AutoVerifiedAttributes ?? [];
        var keepUntilVerified = AttributesRequiringVerification(pool);
        var changes = new List<AttributeType>();
        var toVerify = new List<(string Attribute, string Value, bool Pending)>();
        foreach (var attribute in written)
        {
            var value = attribute.Value ?? string.Empty;
            if (VerifiableAttributes.Contains(attribute.Name) && user.GetAttribute(attribute.Name) != value)
            {
                await EnsureContactFreeAsync(pool, user, attribute.Name, value, cancellationToken).ConfigureAwait(false);
                if (auto.Contains(attribute.Name) && value.Length > 0)
                {
                    var pending = keepUntilVerified.Contains(attribute.Name) && user.IsVerified(attribute.Name);
                    toVerify.Add((attribute.Name, value, pending));
                    if (pending)
                    {
                        continue;
                    }
                }
            }

            changes.Add(attribute);
        }

        user = await directory.UpdateAsync(user, u => UserAttributeWrites.Apply(u, writer, changes), cancellationToken).ConfigureAwait(false);

        var deliveries = new List<CodeDeliveryDetails>();
        foreach (var (attribute, value, pending) in toVerify)
        {
            var channel = new CodeChannel(attribute, value);
            var code = await codes.IssueAsync(user, CodePurpose.VerifyAttribute(attribute), VerificationCodes.SignUpLifetime, attribute, value, pending ? value : null, cancellationToken).ConfigureAwait(false);
            deliveries.Add(await messenger.SendCodeAsync(pool, user, channel, code, "UpdateUserAttributes", cancellationToken).ConfigureAwait(false));
        }

        return deliveries;
    }

    public async Task DeleteAttributesAsync(string accessToken, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        var caller = await AuthenticateAsync(accessToken, cancellationToken).ConfigureAwait(false);
        var user = RequireActive(caller.User);
        UserAttributeWrites.CheckDeletions(caller.Pool, AttributeWriter.User(caller.Client, creating: false), names);
        await directory.UpdateAsync(user, u =>
        {
            foreach (var name in names)
            {
                u.SetAttribute(name, null);
                if (VerifiableAttributes.Contains(name))
                {
                    u.SetAttribute(name + "_verified", null);
                }
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<CodeDeliveryDetails> GetAttributeVerificationCodeAsync(string accessToken, string attributeName, CancellationToken cancellationToken)
    {
        var caller = await AuthenticateAsync(accessToken, cancellationToken).ConfigureAwait(false);
        var user = RequireActive(caller.User);
        if (!VerifiableAttributes.Contains(attributeName))
        {
            throw CognitoErrors.InvalidParameter($"Invalid attribute name: {attributeName}. Only email and phone_number can be verified.");
        }

        var value = user.GetAttribute(attributeName) ?? throw CognitoErrors.InvalidParameter($"User does not have a value for the attribute: {attributeName}");
        var channel = new CodeChannel(attributeName, value);
        var code = await codes.IssueAsync(user, CodePurpose.VerifyAttribute(attributeName), VerificationCodes.SignUpLifetime, attributeName, value, null, cancellationToken).ConfigureAwait(false);
        return await messenger.SendCodeAsync(caller.Pool, user, channel, code, "GetUserAttributeVerificationCode", cancellationToken).ConfigureAwait(false);
    }

    public async Task VerifyAttributeAsync(string accessToken, string attributeName, string code, CancellationToken cancellationToken)
    {
        var caller = await AuthenticateAsync(accessToken, cancellationToken).ConfigureAwait(false);
        var user = RequireActive(caller.User);
        if (!VerifiableAttributes.Contains(attributeName))
        {
            throw CognitoErrors.InvalidParameter($"Invalid attribute name: {attributeName}. Only email and phone_number can be verified.");
        }

        var record = await codes.CheckAsync(user, CodePurpose.VerifyAttribute(attributeName), code, cancellationToken).ConfigureAwait(false);
        var pending = record.PendingValue;
        if (pending is null && user.GetAttribute(attributeName) != record.Destination)
        {
            // The code went to an address the user has since replaced.
            throw CognitoErrors.ExpiredCode();
        }

        if (pending is not null)
        {
            await EnsureContactFreeAsync(caller.Pool, user, attributeName, pending, cancellationToken).ConfigureAwait(false);
        }

        await accounts.ClaimAliasAsync(caller.Pool, WithValue(user, attributeName, pending), attributeName, force: false, cancellationToken).ConfigureAwait(false);
        await codes.ConsumeAsync(record, cancellationToken).ConfigureAwait(false);
        await directory.UpdateAsync(user, u =>
        {
            if (pending is not null)
            {
                u.SetAttribute(attributeName, pending);
            }

            u.SetAttribute(attributeName + "_verified", "true");
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteUserAsync(string accessToken, CancellationToken cancellationToken)
    {
        var caller = await AuthenticateAsync(accessToken, cancellationToken).ConfigureAwait(false);
        await users.DeleteAsync(caller.User.PoolId, caller.User.Id, cancellationToken).ConfigureAwait(false);
    }

    private static User RequireActive(User user)
    {
        if (user.Status == UserStatus.ResetRequired)
        {
            throw CognitoErrors.PasswordResetRequired();
        }

        if (user.Status == UserStatus.Unconfirmed)
        {
            throw CognitoErrors.UserNotConfirmed();
        }

        return user;
    }

    /// <summary>An email or phone number that is another user's username attribute cannot be taken (AliasExistsException).</summary>
    private async Task EnsureContactFreeAsync(UserPool pool, User user, string attribute, string value, CancellationToken cancellationToken)
    {
        if (value.Length == 0 || pool.Settings.UsernameAttributes?.Contains(attribute) != true)
        {
            return;
        }

        var lookup = attribute == "email" ? value.ToLowerInvariant() : value;
        var clash = await users.FindByAttributeAsync(pool.Id, attribute, lookup, cancellationToken).ConfigureAwait(false);
        if (clash.Any(u => u.Id != user.Id))
        {
            throw attribute == "email" ? CognitoErrors.AliasExists() : new CognitoException("AliasExistsException", "An account with the given phone_number already exists.");
        }
    }

    private static User WithValue(User user, string attribute, string? pending)
    {
        if (pending is null)
        {
            return user;
        }

        var copy = new User { Id = user.Id, PoolId = user.PoolId, Username = user.Username, NormalizedUsername = user.NormalizedUsername };
        copy.SetAttribute(attribute, pending);
        return copy;
    }

    private static HashSet<string> AttributesRequiringVerification(UserPool pool)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (pool.Settings.UserAttributeUpdateSettings is { ValueKind: JsonValueKind.Object } settings
            && settings.TryGetProperty("AttributesRequireVerificationBeforeUpdate", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in list.EnumerateArray())
            {
                if (item.GetString() is { } name)
                {
                    set.Add(name);
                }
            }
        }

        return set;
    }
}

/// <summary>The user, pool and app client behind an accepted access token.</summary>
public sealed record Caller(User User, UserPool Pool, AppClient Client);

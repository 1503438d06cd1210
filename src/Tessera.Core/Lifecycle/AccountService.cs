// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Auth;
using Tessera.Core.AuthEvents;
using Tessera.Core.Clients;
using Tessera.Core.Errors;
using Tessera.Core.Pools;
using Tessera.Core.Security;
using Tessera.Core.Sessions;
using Tessera.Core.Triggers;
using Tessera.Core.Users;

namespace Tessera.Core.Lifecycle;

/// <summary>The unauthenticated steps of a user's life: SignUp, ConfirmSignUp, ResendConfirmationCode, ForgotPassword, ConfirmForgotPassword.</summary>
public sealed class AccountService(
    IAppClientStore clients,
    UserDirectory directory,
    UserAdministration administration,
    IUserStore users,
    PasswordSetter passwords,
    SecretHash secretHash,
    VerificationCodes codes,
    CodeMessenger messenger,
    ExistenceTiming timing,
    SecretProtector protector,
    SignUpTriggers signUpTriggers,
    UserMigration migration,
    SessionService sessions,
    AuthEventRecorder events)
{
    public async Task<SignUpResult> SignUpAsync(
        string clientId, string? hash, string username, string? password, IReadOnlyList<AttributeType> attributes,
        IReadOnlyList<AttributeType>? validationData, IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var (client, pool) = await GetClientAsync(clientId, cancellationToken).ConfigureAwait(false);
        secretHash.Verify(client, hash, username);
        if (pool.Settings.AdminCreateUserConfig?.AllowAdminCreateUserOnly == true)
        {
            throw CognitoErrors.NotAuthorized("SignUp is not permitted for this user pool");
        }

        if (string.IsNullOrEmpty(password))
        {
            throw CognitoErrors.InvalidParameter("Password cannot be empty");
        }

        var user = await administration.NewUserAsync(pool, username, attributes, AttributeWriter.User(client, creating: true), cancellationToken).ConfigureAwait(false);
        var missing = UserPoolSchema.Of(pool).RequiredNames.FirstOrDefault(name => string.IsNullOrEmpty(user.GetAttribute(name)));
        if (missing is not null)
        {
            throw CognitoErrors.InvalidParameter($"Attributes did not conform to the schema: {missing}: The attribute {missing} is required");
        }

        (await passwords.CreateAsync(pool, user, password, cancellationToken).ConfigureAwait(false)).ApplyTo(user);
        user.Status = UserStatus.Unconfirmed;
        // Before the user is stored: a function that fails leaves nothing behind.
        var decision = await signUpTriggers.PreSignUpAsync(
            pool, user, "PreSignUp_SignUp", clientId, validationData?.ToDictionary(a => a.Name, a => a.Value ?? string.Empty), clientMetadata, cancellationToken).ConfigureAwait(false);
        decision.ApplyTo(user);
        await users.AddAsync(user, cancellationToken).ConfigureAwait(false);
        await events.RecordAsync(pool, user, clientId, AuthEventRecorder.SignUp, AuthEventRecorder.Pass, null, cancellationToken).ConfigureAwait(false);

        CodeDeliveryDetails? delivery = null;
        if (!decision.AutoConfirmUser && CodeMessenger.SignUpChannel(pool, user) is { } channel)
        {
            var code = await codes.IssueAsync(user, CodePurpose.SignUp, VerificationCodes.SignUpLifetime, channel.AttributeName, channel.Destination, null, cancellationToken).ConfigureAwait(false);
            delivery = await messenger.SendCodeAsync(pool, user, channel, code, "SignUp", cancellationToken).ConfigureAwait(false);
        }

        return new SignUpResult(decision.AutoConfirmUser, user.Sub, delivery);
    }

    public async Task ConfirmSignUpAsync(
        string clientId, string? hash, string username, string code, bool forceAliasCreation, IReadOnlyDictionary<string, string>? clientMetadata,
        CancellationToken cancellationToken)
    {
        const string Op = "ConfirmSignUp";
        var start = timing.Start();
        var (client, pool, user) = await FindUserAsync(clientId, hash, username, cancellationToken).ConfigureAwait(false);
        if (user is null || user.Status != UserStatus.Unconfirmed)
        {
            // With PreventUserExistenceErrors a confirmed user answers as a missing one: "Current status is CONFIRMED"
            // would say who exists.
            if (client.Settings.PreventsUserExistenceErrors)
            {
                throw await UnknownGuessAsync(pool, username, CodePurpose.SignUp, Op, start, cancellationToken).ConfigureAwait(false);
            }

            throw user is null ? CognitoErrors.UserNotFound() : CognitoErrors.UserCannotBeConfirmed(user.Status);
        }

        var record = await CheckCodeAsync(user, CodePurpose.SignUp, code, Op, start, cancellationToken).ConfigureAwait(false);
        var verified = record.AttributeName is { } attribute && user.GetAttribute(attribute) == record.Destination ? attribute : null;
        if (verified is not null)
        {
            await ClaimAliasAsync(pool, user, verified, forceAliasCreation, cancellationToken).ConfigureAwait(false);
        }

        await codes.ConsumeAsync(record, cancellationToken).ConfigureAwait(false);
        user = await directory.UpdateAsync(user, u =>
        {
            u.Status = UserStatus.Confirmed;
            if (verified is not null)
            {
                u.SetAttribute(verified + "_verified", "true");
            }
        }, cancellationToken).ConfigureAwait(false);
        await signUpTriggers.PostConfirmationAsync(pool, user, "PostConfirmation_ConfirmSignUp", clientId, clientMetadata, cancellationToken).ConfigureAwait(false);
    }

    public async Task<CodeDeliveryDetails> ResendConfirmationCodeAsync(string clientId, string? hash, string username, CancellationToken cancellationToken)
    {
        const string Op = "ResendConfirmationCode";
        var start = timing.Start();
        var (client, pool, user) = await FindUserAsync(clientId, hash, username, cancellationToken).ConfigureAwait(false);
        if (user is { Status: UserStatus.Unconfirmed } && CodeMessenger.SignUpChannel(pool, user) is { } channel)
        {
            var code = await codes.IssueAsync(user, CodePurpose.SignUp, VerificationCodes.SignUpLifetime, channel.AttributeName, channel.Destination, null, cancellationToken).ConfigureAwait(false);
            var delivery = await messenger.SendCodeAsync(pool, user, channel, code, "ResendConfirmationCode", cancellationToken).ConfigureAwait(false);
            await events.RecordAsync(pool, user, clientId, AuthEventRecorder.ResendCode, AuthEventRecorder.Pass, null, cancellationToken).ConfigureAwait(false);
            timing.RecordReal(Op, start);
            return delivery;
        }

        var autoVerified = pool.Settings.AutoVerifiedAttributes is { Count: > 0 };
        if (!client.Settings.PreventsUserExistenceErrors)
        {
            // AWS answers an unknown user "Username/client id combination not found." (aws-amplify/aws-sdk-ios#4837).
            throw user is null ? CognitoErrors.UsernameClientNotFound()
                : user.Status != UserStatus.Unconfirmed ? CognitoErrors.InvalidParameter("User is already confirmed.")
                : NoAutoVerification();
        }

        // Hidden: a missing, confirmed or unreachable user gets the simulated delivery a real one would (AWS developer
        // guide, "Managing user existence error responses"); only a pool that verifies nothing answers otherwise, for everyone.
        return autoVerified
            ? await SimulateAsync(pool, username, CodePurpose.SignUp, Op, start, cancellationToken).ConfigureAwait(false)
            : throw NoAutoVerification();
    }

    public async Task<CodeDeliveryDetails> ForgotPasswordAsync(
        string clientId, string? hash, string username, IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken cancellationToken)
    {
        const string Op = "ForgotPassword";
        var start = timing.Start();
        var (client, pool, user) = await FindUserAsync(clientId, hash, username, cancellationToken).ConfigureAwait(false);
        if (CodeMessenger.AdminOnlyRecovery(pool))
        {
            // Whoever is named, known or not: the pool has no self-service recovery to offer.
            throw CognitoErrors.AdminOnlyRecovery();
        }

        user ??= await migration.MigrateAsync(pool, client, username, null, clientMetadata, cancellationToken).ConfigureAwait(false);
        var hidden = client.Settings.PreventsUserExistenceErrors;
        if (user is not null && (!hidden || CanRecover(pool, user)))
        {
            var delivery = await SendRecoveryCodeAsync(pool, user, "ForgotPassword", cancellationToken).ConfigureAwait(false);
            await events.RecordAsync(pool, user, clientId, AuthEventRecorder.ForgotPassword, AuthEventRecorder.Pass, null, cancellationToken).ConfigureAwait(false);
            timing.RecordReal(Op, start);
            return delivery;
        }

        // Hidden: a user who is missing, disabled or has no verified contact gets a simulated delivery (AWS developer guide,
        // "Managing user existence error responses"), and so does one who must first change a temporary password.
        return hidden
            ? await SimulateAsync(pool, username, CodePurpose.ForgotPassword, Op, start, cancellationToken).ConfigureAwait(false)
            : throw CognitoErrors.UsernameClientNotFound();
    }

    /// <summary>
    /// Sets the new password only when the code is right and the password meets the policy; a failed attempt
    /// leaves the old password working and the code unused.
    /// </summary>
    public async Task ConfirmForgotPasswordAsync(
        string clientId, string? hash, string username, string code, string password, IReadOnlyDictionary<string, string>? clientMetadata,
        CancellationToken cancellationToken)
    {
        const string Op = "ConfirmForgotPassword";
        var start = timing.Start();
        var (client, pool, user) = await FindUserAsync(clientId, hash, username, cancellationToken).ConfigureAwait(false);
        var hidden = client.Settings.PreventsUserExistenceErrors;
        if (user is null || !user.Enabled)
        {
            // AWS developer guide, "Managing user existence error responses": CodeMismatchException for users that don't
            // exist or are disabled (and ExpiredCodeException, from the check below, when no code was requested).
            if (hidden)
            {
                throw await UnknownGuessAsync(pool, username, CodePurpose.ForgotPassword, Op, start, cancellationToken).ConfigureAwait(false);
            }

            throw user is null ? CognitoErrors.UserNotFound() : CognitoErrors.UserDisabled();
        }

        if (user.Status == UserStatus.Unconfirmed && !hidden)
        {
            throw CognitoErrors.UserNotConfirmed();
        }

        var record = await CheckCodeAsync(user, CodePurpose.ForgotPassword, code, Op, start, cancellationToken).ConfigureAwait(false);
        if (user.Status == UserStatus.Unconfirmed)
        {
            // Hidden: said only to someone who proved they hold the code.
            throw CognitoErrors.UserNotConfirmed();
        }

        var credentials = await passwords.CreateAsync(pool, user, password, cancellationToken).ConfigureAwait(false);
        await codes.ConsumeAsync(record, cancellationToken).ConfigureAwait(false);
        user = await directory.UpdateAsync(user, u =>
        {
            credentials.ApplyTo(u);
            u.Status = UserStatus.Confirmed;
            u.TemporaryPasswordExpiresAt = null;
            u.FailedSignInCount = 0;
            u.LockedUntil = null;
        }, cancellationToken).ConfigureAwait(false);
        await sessions.EndHostedUiAsync(user, SessionEndReason.PasswordReset, cancellationToken).ConfigureAwait(false);
        await events.RecordAsync(pool, user, clientId, AuthEventRecorder.PasswordChange, AuthEventRecorder.Pass, null, cancellationToken).ConfigureAwait(false);
        await signUpTriggers.PostConfirmationAsync(pool, user, "PostConfirmation_ConfirmForgotPassword", clientId, clientMetadata, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>AdminResetUserPassword: the password stops working (RESET_REQUIRED) and a recovery code goes out when the user has a verified contact.</summary>
    public async Task AdminResetUserPasswordAsync(string poolId, string username, CancellationToken cancellationToken)
    {
        var pool = await directory.GetPoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        var user = await directory.GetAsync(pool, username, cancellationToken).ConfigureAwait(false);
        if (user.Status == UserStatus.Unconfirmed)
        {
            throw CognitoErrors.NotAuthorized("User password cannot be reset in the current state.");
        }

        var channel = CodeMessenger.RecoveryChannel(pool, user);
        user = await directory.UpdateAsync(user, u => u.Status = UserStatus.ResetRequired, cancellationToken).ConfigureAwait(false);
        await sessions.EndHostedUiAsync(user, SessionEndReason.PasswordReset, cancellationToken).ConfigureAwait(false);
        if (channel is not null)
        {
            var code = await codes.IssueAsync(user, CodePurpose.ForgotPassword, VerificationCodes.RecoveryLifetime, channel.AttributeName, channel.Destination, null, cancellationToken).ConfigureAwait(false);
            await messenger.SendCodeAsync(pool, user, channel, code, "AdminResetUserPassword", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Whether ForgotPassword can send <paramref name="user"/> a code (else <see cref="SendRecoveryCodeAsync"/> refuses).</summary>
    private static bool CanRecover(UserPool pool, User user)
        => user.Enabled && user.Status != UserStatus.ForceChangePassword && CodeMessenger.RecoveryChannel(pool, user) is not null;

    private async Task<CodeDeliveryDetails> SendRecoveryCodeAsync(UserPool pool, User user, string purpose, CancellationToken cancellationToken)
    {
        if (!user.Enabled)
        {
            throw CognitoErrors.UserDisabled();
        }

        if (user.Status == UserStatus.ForceChangePassword)
        {
            throw CognitoErrors.NotAuthorized("User password cannot be reset in the current state.");
        }

        var channel = CodeMessenger.RecoveryChannel(pool, user) ?? throw CognitoErrors.NoRecoveryDestination();
        var code = await codes.IssueAsync(user, CodePurpose.ForgotPassword, VerificationCodes.RecoveryLifetime, channel.AttributeName, channel.Destination, null, cancellationToken).ConfigureAwait(false);
        return await messenger.SendCodeAsync(pool, user, channel, code, purpose, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A verified alias belongs to one user: confirming another user with the same address fails with
    /// AliasExistsException unless ForceAliasCreation moves the alias (the previous owner's copy becomes unverified).
    /// </summary>
    internal async Task ClaimAliasAsync(UserPool pool, User user, string attribute, bool force, CancellationToken cancellationToken)
    {
        if (pool.Settings.AliasAttributes?.Contains(attribute) != true || user.GetAttribute(attribute) is not { } value)
        {
            return;
        }

        var lookup = attribute == "email" ? value.ToLowerInvariant() : value;
        var owners = (await users.FindByAttributeAsync(pool.Id, attribute, lookup, cancellationToken).ConfigureAwait(false))
            .Where(u => u.Id != user.Id && u.IsVerified(attribute)).ToList();
        if (owners.Count == 0)
        {
            return;
        }

        if (!force)
        {
            throw attribute == "email" ? CognitoErrors.AliasExists() : new CognitoException("AliasExistsException", "An account with the given phone_number already exists.");
        }

        foreach (var owner in owners)
        {
            await directory.UpdateAsync(owner, u => u.SetAttribute(attribute + "_verified", "false"), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The client, its pool and the named user (null when there is none), after checking the SECRET_HASH.</summary>
    private async Task<(AppClient Client, UserPool Pool, User? User)> FindUserAsync(string clientId, string? hash, string username, CancellationToken cancellationToken)
    {
        var (client, pool) = await GetClientAsync(clientId, cancellationToken).ConfigureAwait(false);
        var user = await directory.FindAsync(pool, username, cancellationToken).ConfigureAwait(false);
        secretHash.Verify(client, hash, username, user?.Username);
        return (client, pool, user);
    }

    /// <summary>
    /// A simulated delivery for a user who gets no code (PreventUserExistenceErrors): counted against the same send limit
    /// as a real one and as slow as a real one.
    /// </summary>
    private async Task<CodeDeliveryDetails> SimulateAsync(UserPool pool, string username, string purpose, string operation, long start, CancellationToken cancellationToken)
    {
        codes.CountUnknownSend(pool, username, purpose);
        await timing.PadAsync(operation, start, cancellationToken).ConfigureAwait(false);
        return SimulatedDelivery(pool, username);
    }

    /// <summary>The answer to a code guessed for a user who has none to guess (PreventUserExistenceErrors), as slow as a real check.</summary>
    private async Task<CognitoException> UnknownGuessAsync(UserPool pool, string username, string purpose, string operation, long start, CancellationToken cancellationToken)
    {
        var error = codes.UnknownGuess(pool, username, purpose);
        await timing.PadAsync(operation, start, cancellationToken).ConfigureAwait(false);
        return error;
    }

    /// <summary>A real code check, whose time the simulated answers of <paramref name="operation"/> copy.</summary>
    private async Task<VerificationCode> CheckCodeAsync(User user, string purpose, string code, string operation, long start, CancellationToken cancellationToken)
    {
        try
        {
            return await codes.CheckAsync(user, purpose, code, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            timing.RecordReal(operation, start);
        }
    }

    private static CognitoException NoAutoVerification() => CognitoErrors.InvalidParameter("Cannot resend codes. Auto verification not turned on.");

    private async Task<(AppClient Client, UserPool Pool)> GetClientAsync(string clientId, CancellationToken cancellationToken)
    {
        var client = await clients.FindAsync(clientId, cancellationToken).ConfigureAwait(false) ?? throw CognitoErrors.ClientNotFound(clientId);
        var pool = await directory.GetPoolAsync(client.PoolId, cancellationToken).ConfigureAwait(false);
        return (client, pool);
    }

    /// <summary>
    /// The answer for a user who does not exist: a plausible masked destination derived from the username
    /// with the master key, so asking twice gives the same answer and nothing tells it apart from a real one.
    /// </summary>
    private CodeDeliveryDetails SimulatedDelivery(UserPool pool, string username)
    {
        if (UserDirectory.IsEmail(username))
        {
            return new CodeChannel("email", username).Details;
        }

        if (UserDirectory.IsPhone(username))
        {
            return new CodeChannel("phone_number", username).Details;
        }

        var seed = protector.KeyedHash("simulated|" + pool.Id + "|" + username);
        const string letters = "abcdefghijklmnopqrstuvwxyz";
        var auto = pool.Settings.AutoVerifiedAttributes ?? [];
        if (auto.Contains("phone_number") && !auto.Contains("email"))
        {
            var digits = string.Concat(seed.Take(4).Select(b => (char)('0' + (b % 10))));
            return new CodeChannel("phone_number", "+1555555" + digits).Details;
        }

        return new CodeChannel("email", $"{letters[seed[0] % 26]}@{letters[seed[1] % 26]}.com").Details;
    }
}

public sealed record SignUpResult(bool UserConfirmed, string UserSub, CodeDeliveryDetails? CodeDeliveryDetails);

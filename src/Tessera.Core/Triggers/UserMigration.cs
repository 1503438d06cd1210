// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Tessera.Core.Clients;
using Tessera.Core.Errors;
using Tessera.Core.Pools;
using Tessera.Core.Users;

namespace Tessera.Core.Triggers;

/// <summary>
/// The UserMigration trigger ("Migrate user Lambda trigger" in the Cognito developer guide): when a user unknown to the
/// pool signs in with a password or asks for a password reset, the function may vouch for them and return their
/// attributes; the user is then created here with that password (sign-in) or none (forgot password, RESET_REQUIRED).
/// </summary>
public sealed class UserMigration(LambdaTriggers triggers, UserAdministration administration, PasswordSetter passwords, IUserStore users)
{
    public const string AuthenticationSource = "UserMigration_Authentication";
    public const string ForgotPasswordSource = "UserMigration_ForgotPassword";

    /// <summary>
    /// Asks the pool's UserMigration function about <paramref name="username"/> and stores the user it returns.
    /// Null when the pool has no such trigger. The function throwing means "no such user": UserNotFoundException
    /// (NotAuthorizedException under PreventUserExistenceErrors) with its message, as Cognito answers.
    /// <c>password</c> is the one typed at sign-in, null for <see cref="ForgotPasswordSource"/>.
    /// </summary>
    public async Task<User?> MigrateAsync(
        UserPool pool, AppClient client, string username, string? password, IReadOnlyDictionary<string, string>? clientMetadata,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(client);
        if (!LambdaTriggers.Has(pool, TriggerNames.UserMigration))
        {
            return null;
        }

        var source = password is null ? ForgotPasswordSource : AuthenticationSource;
        var request = new JsonObject
        {
            ["validationData"] = new JsonObject(),
            ["clientMetadata"] = TriggerJson.Map(clientMetadata),
        };
        if (password is not null)
        {
            request["password"] = password;
        }

        JsonObject response;
        try
        {
            response = await triggers.InvokeAsync(pool, TriggerNames.UserMigration, new TriggerContext(source, username, client.ClientId), request, cancellationToken).ConfigureAwait(false)
                ?? new JsonObject();
        }
        catch (CognitoException e) when (e.Code == "UserLambdaValidationException")
        {
            throw client.Settings.PreventsUserExistenceErrors ? CognitoErrors.IncorrectCredentials() : new CognitoException("UserNotFoundException", e.Message);
        }

        var attributes = (response["userAttributes"] as JsonObject ?? [])
            .Where(a => a.Key is not ("sub" or "username" or "cognito:username" or "cognito:user_status") && a.Value is JsonValue)
            .Select(a => new AttributeType(a.Key, a.Value!.GetValueKind() == System.Text.Json.JsonValueKind.String ? a.Value.GetValue<string>() : a.Value.ToJsonString()))
            .ToList();
        var finalStatus = TriggerJson.Text(response, "finalUserStatus");
        if (finalStatus is not (null or UserStatus.Confirmed or UserStatus.ResetRequired))
        {
            throw TriggerErrors.InvalidResponse(TriggerNames.UserMigration);
        }

        var user = await administration.NewUserAsync(pool, username, attributes, AttributeWriter.Administrator(creating: true), cancellationToken).ConfigureAwait(false);
        if (password is not null)
        {
            (await passwords.CreateAsync(pool, user, password, cancellationToken).ConfigureAwait(false)).ApplyTo(user);
        }

        // Without a password (forgot-password source) the user can only go on by resetting it.
        user.Status = password is null ? UserStatus.ResetRequired : finalStatus ?? UserStatus.Confirmed;
        await users.AddAsync(user, cancellationToken).ConfigureAwait(false);
        // The guide: the welcome message Cognito sends new users goes out unless messageAction is SUPPRESS.
        // The typed password is never put in a message: {####} is left empty.
        if (TriggerJson.Text(response, "messageAction") != "SUPPRESS")
        {
            var mediums = TriggerJson.Strings(response["desiredDeliveryMediums"]).ToList();
            await administration.SendInvitationAsync(pool, user, string.Empty, mediums, cancellationToken).ConfigureAwait(false);
        }

        return user;
    }
}

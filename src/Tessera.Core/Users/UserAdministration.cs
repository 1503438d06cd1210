// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Errors;
using Tessera.Core.Pools;
using Tessera.Core.Triggers;

namespace Tessera.Core.Users;

/// <summary>Creating users, for AdminCreateUser and (with a password the user chose) SignUp.</summary>
public sealed class UserAdministration(
    UserDirectory directory, IUserStore users, PasswordSetter passwords, IMessageSender messages, TimeProvider time,
    SignUpTriggers? signUpTriggers = null, CustomMessages? customMessages = null)
{
    /// <summary>AdminCreateUser: a FORCE_CHANGE_PASSWORD user with a temporary password, sent unless SUPPRESS.</summary>
    public async Task<User> AdminCreateAsync(
        UserPool pool, string username, IReadOnlyList<AttributeType> attributes, string? temporaryPassword,
        string? messageAction, IReadOnlyList<string>? deliveryMediums, IReadOnlyList<AttributeType>? validationData,
        IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        if (messageAction == "RESEND")
        {
            var existing = await directory.GetAsync(pool, username, cancellationToken).ConfigureAwait(false);
            if (existing.Status != UserStatus.ForceChangePassword)
            {
                throw CognitoErrors.UnsupportedUserState("Resend not possible. " + username + " status is not FORCE_CHANGE_PASSWORD.");
            }

            var resent = temporaryPassword ?? PasswordPolicyValidator.Generate(pool.Settings.PasswordPolicy);
            var resentCredentials = await passwords.CreateAsync(pool, existing, resent, cancellationToken).ConfigureAwait(false);
            existing = await directory.UpdateAsync(existing, u =>
            {
                resentCredentials.ApplyTo(u);
                u.TemporaryPasswordExpiresAt = time.GetUtcNow().AddDays(pool.Settings.PasswordPolicy.TemporaryPasswordValidityDays ?? 7);
            }, cancellationToken).ConfigureAwait(false);
            await SendInvitationAsync(pool, existing, resent, deliveryMediums, cancellationToken).ConfigureAwait(false);
            return existing;
        }

        var user = await NewUserAsync(pool, username, attributes, AttributeWriter.Administrator(creating: true), cancellationToken).ConfigureAwait(false);
        var password = temporaryPassword ?? PasswordPolicyValidator.Generate(pool.Settings.PasswordPolicy);
        (await passwords.CreateAsync(pool, user, password, cancellationToken).ConfigureAwait(false)).ApplyTo(user);
        user.Status = UserStatus.ForceChangePassword;
        user.TemporaryPasswordExpiresAt = time.GetUtcNow().AddDays(pool.Settings.PasswordPolicy.TemporaryPasswordValidityDays ?? 7);
        if (signUpTriggers is not null)
        {
            // An invited user still has to set a password, so only the verification flags of the answer apply.
            var decision = await signUpTriggers.PreSignUpAsync(
                pool, user, "PreSignUp_AdminCreateUser", null, validationData?.ToDictionary(a => a.Name, a => a.Value ?? string.Empty), clientMetadata, cancellationToken).ConfigureAwait(false);
            (decision with { AutoConfirmUser = false }).ApplyTo(user);
        }

        await users.AddAsync(user, cancellationToken).ConfigureAwait(false);
        if (messageAction != "SUPPRESS")
        {
            await SendInvitationAsync(pool, user, password, deliveryMediums, cancellationToken).ConfigureAwait(false);
        }

        return user;
    }

    /// <summary>
    /// A new, unsaved user named <paramref name="username"/> with <paramref name="attributes"/> as
    /// <paramref name="writer"/> may write them. Where email or phone is the username, the internal username is the
    /// sub and the given name becomes that attribute.
    /// </summary>
    public async Task<User> NewUserAsync(UserPool pool, string username, IReadOnlyList<AttributeType> attributes, AttributeWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(attributes);
        var attributeList = UserAttributeWrites.Check(pool, writer, attributes).ToList();
        var id = Guid.NewGuid();
        var now = time.GetUtcNow();
        var internalName = username;
        var settings = pool.Settings;
        if (settings.EmailIsUsername || settings.PhoneIsUsername)
        {
            if (settings.EmailIsUsername && UserDirectory.IsEmail(username))
            {
                attributeList.RemoveAll(a => a.Name == "email");
                attributeList.Add(new AttributeType("email", username));
            }
            else if (settings.PhoneIsUsername && UserDirectory.IsPhone(username))
            {
                attributeList.RemoveAll(a => a.Name == "phone_number");
                attributeList.Add(new AttributeType("phone_number", username));
            }
            else
            {
                throw CognitoErrors.InvalidParameter(settings.EmailIsUsername ? "Username should be an email." : "Username should be a phone number.");
            }

            internalName = id.ToString();
        }
        else if (UserDirectory.IsEmail(username) && settings.AliasAttributes?.Contains("email") == true)
        {
            throw CognitoErrors.InvalidParameter("Username should not be an email when email is an alias.");
        }

        var user = new User
        {
            Id = id,
            PoolId = pool.Id,
            Username = internalName,
            NormalizedUsername = UserDirectory.Normalize(pool, internalName),
            CreatedAt = now,
            UpdatedAt = now,
        };
        user.SetAttribute("sub", id.ToString());
        foreach (var attribute in attributeList)
        {
            user.SetAttribute(attribute.Name, attribute.Value);
        }

        await EnsureUniqueAsync(pool, user, cancellationToken).ConfigureAwait(false);
        return user;
    }

    /// <summary>Username attributes must be unique; a verified alias may belong to one user only.</summary>
    public async Task EnsureUniqueAsync(UserPool pool, User user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(user);
        if (await users.FindByNormalizedUsernameAsync(pool.Id, user.NormalizedUsername, cancellationToken).ConfigureAwait(false) is { } same && same.Id != user.Id)
        {
            throw CognitoErrors.UsernameExists();
        }

        foreach (var attribute in pool.Settings.UsernameAttributes ?? [])
        {
            var value = attribute == "email" ? user.Email : user.PhoneNumber;
            if (value is null)
            {
                continue;
            }

            var clash = await users.FindByAttributeAsync(pool.Id, attribute, value, cancellationToken).ConfigureAwait(false);
            if (clash.Any(u => u.Id != user.Id))
            {
                throw new CognitoException("UsernameExistsException", attribute == "email" ? "An account with the given email already exists." : "An account with the given phone_number already exists.");
            }
        }
    }

    /// <summary>
    /// The welcome message of a new user (the pool's invitation template, through CustomMessage_AdminCreateUser), by
    /// email or SMS as <paramref name="mediums"/> asks. AdminCreateUser sends it, and so does UserMigration.
    /// </summary>
    public async Task SendInvitationAsync(UserPool pool, User user, string password, IReadOnlyList<string>? mediums, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(user);
        var byEmail = mediums is null or { Count: 0 } ? user.Email is not null : mediums.Contains("EMAIL");
        var destination = byEmail ? user.GetAttribute("email") : user.GetAttribute("phone_number");
        if (destination is null)
        {
            return;
        }

        var template = pool.Settings.AdminCreateUserConfig?.InviteMessageTemplate;
        string? Read(string name) => template is { } t && t.TryGetProperty(name, out var v) ? v.GetString() : null;
        var body = (byEmail ? Read("EmailMessage") : Read("SMSMessage")) ?? "Your username is {username} and temporary password is {####}.";
        var subject = byEmail ? Read("EmailSubject") ?? "Your temporary password" : null;
        if (customMessages is not null)
        {
            (body, subject) = await customMessages.ApplyAsync(pool, user, "AdminCreateUser", !byEmail, new MessageTemplate(body, subject), null, null, cancellationToken).ConfigureAwait(false);
        }

        var text = body.Replace("{username}", user.Username, StringComparison.Ordinal).Replace("{####}", password, StringComparison.Ordinal);
        await messages.SendAsync(new OutgoingMessage(pool.Id, user.Username, byEmail ? "EMAIL" : "SMS", destination, subject, text, password, "AdminCreateUser"), cancellationToken).ConfigureAwait(false);
    }
}

// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Errors;
using Tessera.Core.Groups;
using Tessera.Core.Pools;
using Tessera.Core.Triggers;
using Tessera.Core.Users;

namespace Tessera.Core.Federation;

/// <summary>
/// Who a federated sign-in is: the user linked to the upstream identity (AdminLinkProviderForUser), else the user
/// <c>{ProviderName}_{upstream id}</c>, created on the first sign-in with UserStatus EXTERNAL_PROVIDER. The provider's
/// AttributeMapping is applied on every sign-in, as Cognito does. A first sign-in runs PreSignUp
/// (<c>PreSignUp_ExternalProvider</c>) before the user is stored and PostConfirmation (<c>PostConfirmation_ConfirmSignUp</c>)
/// after, and puts the new user in the provider's group <c>{poolId}_{ProviderName}</c> ("Adding groups to a user pool").
/// </summary>
public sealed class FederatedUsers(
    IUserStore users, IIdentityProviderStore providers, IGroupStore groups, UserDirectory directory, SignUpTriggers triggers, TimeProvider time)
{
    public const string ExternalProvider = "EXTERNAL_PROVIDER";

    /// <summary>The group Cognito makes for each identity provider; users it creates at a first sign-in join it, linked users do not.</summary>
    public static string GroupName(IdentityProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return $"{provider.PoolId}_{provider.ProviderName}";
    }

    public async Task<User> SignInAsync(UserPool pool, IdentityProvider provider, IReadOnlyDictionary<string, string> claims, string? clientId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(claims);
        var subject = Subject(provider, claims);
        var attributes = Map(pool, provider, claims);
        var now = time.GetUtcNow();

        var linked = await LinkedUserAsync(pool, provider, subject, attributes, cancellationToken).ConfigureAwait(false);
        if (linked is not null)
        {
            // A linked native user keeps its own attributes: the link only says who signs in.
            return await directory.UpdateAsync(Enabled(linked), u => u.SetAttribute(FederatedIdentities.Attribute,
                FederatedIdentities.With(u.GetAttribute(FederatedIdentities.Attribute), provider, subject, now)), cancellationToken).ConfigureAwait(false);
        }

        var username = $"{provider.ProviderName}_{subject}";
        var existing = await users.FindByNormalizedUsernameAsync(pool.Id, UserDirectory.Normalize(pool, username), cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            if (existing.Status != ExternalProvider)
            {
                throw new FederationException("invalid_request", "A user with this name already exists.", $"{username} is a native user");
            }

            return await directory.UpdateAsync(Enabled(existing), u => Apply(u, attributes), cancellationToken).ConfigureAwait(false);
        }

        var schema = UserPoolSchema.Of(pool);
        if (schema.RequiredNames.FirstOrDefault(r => !attributes.ContainsKey(r)) is { } missing)
        {
            throw new FederationException("invalid_request", $"The identity provider did not provide the required attribute {missing}.", $"mapping of {provider.ProviderName} lacks {missing}");
        }

        var id = Guid.NewGuid();
        var user = new User
        {
            Id = id,
            PoolId = pool.Id,
            Username = username,
            NormalizedUsername = UserDirectory.Normalize(pool, username),
            Status = ExternalProvider,
            CreatedAt = now,
            UpdatedAt = now,
        };
        user.SetAttribute("sub", id.ToString());
        Apply(user, attributes);
        user.SetAttribute(FederatedIdentities.Attribute, FederatedIdentities.With(null, provider, subject, now));
        // Before the user is stored: a function that refuses leaves nothing behind. Its answer cannot confirm or
        // verify anything here; the user is EXTERNAL_PROVIDER either way.
        try
        {
            _ = await triggers.PreSignUpAsync(pool, user, "PreSignUp_ExternalProvider", clientId, null, null, cancellationToken).ConfigureAwait(false);
        }
        catch (CognitoException e)
        {
            throw new FederationException("invalid_request", e.Message, $"PreSignUp_ExternalProvider: {e.Code}");
        }

        try
        {
            await users.AddAsync(user, cancellationToken).ConfigureAwait(false);
        }
        catch (CognitoException e) when (e.Code == "UsernameExistsException")
        {
            // Two first sign-ins of the same person raced; the other one created the user.
            return await SignInAsync(pool, provider, claims, clientId, cancellationToken).ConfigureAwait(false);
        }

        var group = GroupName(provider);
        _ = await groups.TryAddAsync(new Group { PoolId = pool.Id, GroupName = group, CreatedAt = now, UpdatedAt = now }, cancellationToken).ConfigureAwait(false);
        await groups.AddMemberAsync(pool.Id, group, user.Id, cancellationToken).ConfigureAwait(false);
        try
        {
            await triggers.PostConfirmationAsync(pool, user, "PostConfirmation_ConfirmSignUp", clientId, null, cancellationToken).ConfigureAwait(false);
        }
        catch (CognitoException e)
        {
            // The user exists by now, as on AWS after a failing PostConfirmation; this sign-in still fails.
            throw new FederationException("invalid_request", e.Message, $"PostConfirmation_ConfirmSignUp: {e.Code}");
        }

        return user;
    }

    /// <summary>
    /// The user <paramref name="subject"/> of <paramref name="provider"/> signs in as: the native user linked to it
    /// (AdminLinkProviderForUser), else <c>{ProviderName}_{subject}</c>; null when there is none.
    /// </summary>
    public async Task<User?> FindAsync(IdentityProvider provider, string subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var link = await providers.FindLinkAsync(provider.PoolId, provider.ProviderName, ProviderLink.SubjectAttribute, subject, cancellationToken).ConfigureAwait(false);
        if (link is not null)
        {
            return await users.FindByIdAsync(provider.PoolId, link.UserId, cancellationToken).ConfigureAwait(false);
        }

        var pool = await directory.GetPoolAsync(provider.PoolId, cancellationToken).ConfigureAwait(false);
        var user = await users.FindByNormalizedUsernameAsync(pool.Id, UserDirectory.Normalize(pool, $"{provider.ProviderName}_{subject}"), cancellationToken).ConfigureAwait(false);
        return user?.Status == ExternalProvider ? user : null;
    }

    /// <summary>The upstream user id: the claim mapped to <c>username</c> (by default the type's id claim).</summary>
    public static string Subject(IdentityProvider provider, IReadOnlyDictionary<string, string> claims)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(claims);
        var claim = provider.AttributeMapping.GetValueOrDefault("username") ?? "sub";
        return claims.GetValueOrDefault(claim) is { Length: > 0 and <= 128 } subject
            ? subject
            : throw new FederationException("invalid_request", "The identity provider did not identify the user.", $"claim {claim} missing or longer than 128");
    }

    /// <summary>The pool attributes the provider's AttributeMapping gives from <paramref name="claims"/>, each checked against the schema.</summary>
    public static Dictionary<string, string> Map(UserPool pool, IdentityProvider provider, IReadOnlyDictionary<string, string> claims)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(claims);
        var schema = UserPoolSchema.Of(pool);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (attribute, claim) in provider.AttributeMapping)
        {
            if (attribute == "username" || !claims.TryGetValue(claim, out var value) || schema.Find(attribute) is not { } definition)
            {
                continue;
            }

            try
            {
                result[attribute] = UserPoolSchema.CheckValue(definition, value);
            }
            catch (CognitoException e)
            {
                throw new FederationException("invalid_request", $"The identity provider's value for {attribute} does not fit the user pool.", e.Message);
            }
        }

        return result;
    }

    private async Task<User?> LinkedUserAsync(UserPool pool, IdentityProvider provider, string subject, Dictionary<string, string> attributes, CancellationToken cancellationToken)
    {
        var link = await providers.FindLinkAsync(pool.Id, provider.ProviderName, ProviderLink.SubjectAttribute, subject, cancellationToken).ConfigureAwait(false);
        if (link is null)
        {
            // A link made on a mapped attribute (AdminLinkProviderForUser with ProviderAttributeName email, say) becomes a
            // link on the subject at the first sign-in: from then on AdminDisableProviderForUser names it by Cognito_Subject.
            foreach (var (name, value) in attributes)
            {
                var byAttribute = await providers.FindLinkAsync(pool.Id, provider.ProviderName, name, value, cancellationToken).ConfigureAwait(false);
                if (byAttribute is not null)
                {
                    link = new ProviderLink
                    {
                        PoolId = pool.Id,
                        ProviderName = provider.ProviderName,
                        AttributeName = ProviderLink.SubjectAttribute,
                        AttributeValue = subject,
                        UserId = byAttribute.UserId,
                        CreatedAt = time.GetUtcNow(),
                    };
                    await providers.TryAddLinkAsync(link, cancellationToken).ConfigureAwait(false);
                    await providers.DeleteLinkAsync(pool.Id, provider.ProviderName, name, value, cancellationToken).ConfigureAwait(false);
                    break;
                }
            }
        }

        return link is null ? null : await users.FindByIdAsync(pool.Id, link.UserId, cancellationToken).ConfigureAwait(false);
    }

    private static void Apply(User user, Dictionary<string, string> attributes)
    {
        foreach (var (name, value) in attributes)
        {
            user.SetAttribute(name, value);
        }
    }

    private static User Enabled(User user)
        => user.Enabled ? user : throw new FederationException("invalid_request", "User is disabled.", $"{user.Username} is disabled");
}

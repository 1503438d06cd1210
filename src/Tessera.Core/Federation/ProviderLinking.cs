// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Errors;
using Tessera.Core.Pools;
using Tessera.Core.Users;

namespace Tessera.Core.Federation;

/// <summary>
/// AdminLinkProviderForUser and AdminDisableProviderForUser: binding an upstream identity that has not signed in yet
/// to an existing user (native, or federated through another provider), so that its first sign-in is that user;
/// and removing such a binding again.
/// </summary>
public sealed class ProviderLinking(IUserPoolStore pools, IUserStore users, IIdentityProviderStore providers, UserDirectory directory, TimeProvider time)
{
    /// <summary>AdminLinkProviderForUser: "The maximum number of federated identities linked to a user is five."</summary>
    public const int MaxLinksPerUser = 5;

    /// <summary>The DestinationUser/User ProviderName of the pool's own users.</summary>
    public const string CognitoProvider = "Cognito";

    public async Task LinkAsync(string poolId, UserIdentity destination, UserIdentity source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(source);
        var pool = await pools.FindAsync(poolId, cancellationToken).ConfigureAwait(false) ?? throw CognitoErrors.UserPoolNotFound(poolId);
        if (IsCognito(source.ProviderName))
        {
            throw CognitoErrors.InvalidParameter("SourceUser must be a user of an external identity provider, not a Cognito user.");
        }

        var provider = await providers.FindAsync(poolId, source.ProviderName, cancellationToken).ConfigureAwait(false)
            ?? throw CognitoErrors.InvalidParameter($"The provider {source.ProviderName} does not exist for User Pool {poolId}");
        var attribute = CheckSourceAttribute(provider, source);

        var user = await DestinationAsync(pool, destination, cancellationToken).ConfigureAwait(false);
        var schema = UserPoolSchema.Of(pool);
        if (user.Attributes.Keys.FirstOrDefault(a => a != "sub" && schema.Find(a)?.Mutable == false) is { } immutable)
        {
            throw CognitoErrors.InvalidParameter($"The destination user has the immutable attribute {immutable}: every attribute of the DestinationUser must be mutable.");
        }

        // A source that already signed in is a user of its own; Cognito does not merge two users.
        if (attribute == ProviderLink.SubjectAttribute
            && await users.FindByNormalizedUsernameAsync(poolId, UserDirectory.Normalize(pool, $"{provider.ProviderName}_{source.ProviderAttributeValue}"), cancellationToken).ConfigureAwait(false) is not null)
        {
            throw CognitoErrors.InvalidParameter("Merging is not currently supported, provide a SourceUser that has not been used to sign into the user pool.");
        }

        var existing = await providers.FindLinkAsync(poolId, provider.ProviderName, attribute, source.ProviderAttributeValue, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            if (existing.UserId == user.Id)
            {
                return;
            }

            throw CognitoErrors.AliasExists("federated identity");
        }

        if ((await providers.ListLinksAsync(poolId, user.Id, cancellationToken).ConfigureAwait(false)).Count >= MaxLinksPerUser)
        {
            throw CognitoErrors.LimitExceeded($"A user can be linked to at most {MaxLinksPerUser} federated identities.");
        }

        var link = new ProviderLink
        {
            PoolId = poolId,
            ProviderName = provider.ProviderName,
            AttributeName = attribute,
            AttributeValue = source.ProviderAttributeValue,
            UserId = user.Id,
            CreatedAt = time.GetUtcNow(),
        };
        if (!await providers.TryAddLinkAsync(link, cancellationToken).ConfigureAwait(false))
        {
            throw CognitoErrors.AliasExists("federated identity");
        }
    }

    /// <summary>
    /// AdminDisableProviderForUser for an external provider: the link of that upstream identity is removed (by the
    /// attribute it was linked on, or by <c>Cognito_Subject</c> once it has signed in), and so is the identity from the
    /// user's <c>identities</c>; its next sign-in makes a user of its own.
    /// </summary>
    public async Task UnlinkAsync(string poolId, UserIdentity user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var pool = await pools.FindAsync(poolId, cancellationToken).ConfigureAwait(false) ?? throw CognitoErrors.UserPoolNotFound(poolId);
        if (IsCognito(user.ProviderName))
        {
            await UnlinkNativeAsync(pool, user, cancellationToken).ConfigureAwait(false);
            return;
        }

        var attribute = string.IsNullOrEmpty(user.ProviderAttributeName) ? ProviderLink.SubjectAttribute : user.ProviderAttributeName;
        var link = await providers.FindLinkAsync(poolId, user.ProviderName, attribute, user.ProviderAttributeValue, cancellationToken).ConfigureAwait(false)
            ?? throw CognitoErrors.UserNotFound();
        await providers.DeleteLinkAsync(poolId, link.ProviderName, link.AttributeName, link.AttributeValue, cancellationToken).ConfigureAwait(false);
        if (await users.FindByIdAsync(poolId, link.UserId, cancellationToken).ConfigureAwait(false) is { } linked && attribute == ProviderLink.SubjectAttribute)
        {
            await directory.UpdateAsync(linked, u => u.SetAttribute(FederatedIdentities.Attribute,
                FederatedIdentities.Without(u.GetAttribute(FederatedIdentities.Attribute), link.ProviderName, link.AttributeValue)), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// AdminDisableProviderForUser for a native user (<c>Cognito</c>, <c>Cognito_Subject</c>, the user name, as the API
    /// reference says): the user can no longer sign in with its password ("they can't use their password to sign in",
    /// <see cref="PasswordCheck.EnsureSignInAllowed"/>), and every upstream identity linked to it is unlinked and leaves its
    /// <c>identities</c>; each signs in next time as a user of its own.
    /// </summary>
    private async Task UnlinkNativeAsync(UserPool pool, UserIdentity identity, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(identity.ProviderAttributeName) && identity.ProviderAttributeName != ProviderLink.SubjectAttribute)
        {
            throw CognitoErrors.InvalidParameter($"ProviderAttributeName must be {ProviderLink.SubjectAttribute} for a Cognito user.");
        }

        var user = await directory.FindAsync(pool, identity.ProviderAttributeValue, cancellationToken).ConfigureAwait(false);
        if (user is null || user.Status == FederatedUsers.ExternalProvider)
        {
            throw CognitoErrors.UserNotFound();
        }

        var links = await providers.ListLinksAsync(pool.Id, user.Id, cancellationToken).ConfigureAwait(false);
        foreach (var link in links)
        {
            await providers.DeleteLinkAsync(pool.Id, link.ProviderName, link.AttributeName, link.AttributeValue, cancellationToken).ConfigureAwait(false);
        }

        await directory.UpdateAsync(user, u =>
        {
            u.PasswordSignInDisabled = true;
            if (u.GetAttribute(FederatedIdentities.Attribute) is { } identities)
            {
                u.SetAttribute(FederatedIdentities.Attribute, links.Where(l => l.AttributeName == ProviderLink.SubjectAttribute)
                    .Aggregate((string?)identities, (current, l) => FederatedIdentities.Without(current, l.ProviderName, l.AttributeValue)));
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Social providers link on the subject only; OIDC and SAML providers on it or on any attribute they map.</summary>
    private static string CheckSourceAttribute(IdentityProvider provider, UserIdentity source)
    {
        var attribute = string.IsNullOrEmpty(source.ProviderAttributeName) ? ProviderLink.SubjectAttribute : source.ProviderAttributeName;
        if (string.IsNullOrEmpty(source.ProviderAttributeValue))
        {
            throw CognitoErrors.InvalidParameter("SourceUser ProviderAttributeValue is required.");
        }

        if (attribute == ProviderLink.SubjectAttribute)
        {
            return attribute;
        }

        if (ProviderTypes.Social.Contains(provider.ProviderType))
        {
            throw CognitoErrors.InvalidParameter($"ProviderAttributeName must be {ProviderLink.SubjectAttribute} for {provider.ProviderType}.");
        }

        return provider.AttributeMapping.ContainsKey(attribute)
            ? attribute
            : throw CognitoErrors.InvalidParameter($"The attribute {attribute} is not mapped by the provider {provider.ProviderName}.");
    }

    private async Task<User> DestinationAsync(UserPool pool, UserIdentity destination, CancellationToken cancellationToken)
    {
        var name = IsCognito(destination.ProviderName)
            ? destination.ProviderAttributeValue
            : $"{destination.ProviderName}_{destination.ProviderAttributeValue}";
        var user = await directory.FindAsync(pool, name, cancellationToken).ConfigureAwait(false);
        return user ?? throw CognitoErrors.UserNotFound();
    }

    private static bool IsCognito(string providerName) => string.Equals(providerName, CognitoProvider, StringComparison.OrdinalIgnoreCase);
}

/// <summary>ProviderUserIdentifierType: a user named by provider, attribute and value.</summary>
public sealed record UserIdentity(string ProviderName, string? ProviderAttributeName, string ProviderAttributeValue);

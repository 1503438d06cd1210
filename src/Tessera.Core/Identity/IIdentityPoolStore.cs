// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Identity;

public interface IIdentityPoolStore
{
    Task<IdentityPool?> FindAsync(string poolId, CancellationToken cancellationToken);

    Task AddAsync(IdentityPool pool, CancellationToken cancellationToken);

    Task UpdateAsync(IdentityPool pool, CancellationToken cancellationToken);

    /// <summary>Deletes the pool with its identities and their logins.</summary>
    Task<bool> DeleteAsync(string poolId, CancellationToken cancellationToken);

    /// <summary>Pools ordered by id, starting after <paramref name="afterId"/>.</summary>
    Task<IReadOnlyList<IdentityPool>> ListAsync(string? afterId, int limit, CancellationToken cancellationToken);
}

public interface IIdentityStore
{
    Task<IdentityRecord?> FindAsync(string identityId, CancellationToken cancellationToken);

    Task<IReadOnlyList<IdentityLogin>> LoginsAsync(string identityId, CancellationToken cancellationToken);

    Task<IdentityLogin?> FindLoginAsync(string poolId, string providerName, string subject, CancellationToken cancellationToken);

    /// <summary>Adds the identity with its first logins; false when one of the logins was linked meanwhile.</summary>
    Task<bool> TryAddAsync(IdentityRecord identity, IReadOnlyList<IdentityLogin> logins, CancellationToken cancellationToken);

    /// <summary>Links a login; false when it is already linked (to any identity).</summary>
    Task<bool> TryLinkAsync(IdentityLogin login, CancellationToken cancellationToken);

    /// <summary>Moves every login of <paramref name="fromIdentityId"/> to <paramref name="toIdentityId"/> and deletes the former.</summary>
    Task MergeAsync(string fromIdentityId, string toIdentityId, CancellationToken cancellationToken);

    Task UnlinkAsync(string identityId, string providerName, CancellationToken cancellationToken);

    Task TouchAsync(string identityId, DateTimeOffset at, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string identityId, CancellationToken cancellationToken);

    /// <summary>Identities of a pool ordered by id, starting after <paramref name="afterId"/>, with their logins.</summary>
    Task<IReadOnlyList<(IdentityRecord Identity, IReadOnlyList<IdentityLogin> Logins)>> ListAsync(string poolId, string? afterId, int limit, CancellationToken cancellationToken);
}

/// <summary>RSA keys that sign identity-pool OpenID tokens (GetOpenIdToken); one set for the whole service.</summary>
public sealed class IdentitySigningKey
{
    public required string Kid { get; set; }

    /// <summary>The PKCS#8 private key sealed with the master key.</summary>
    public required byte[] PrivateKeyCiphertext { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public interface IIdentitySigningKeyStore
{
    Task<IReadOnlyList<IdentitySigningKey>> ListAsync(CancellationToken cancellationToken);

    Task AddAsync(IdentitySigningKey key, CancellationToken cancellationToken);
}

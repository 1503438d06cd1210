// SPDX-License-Identifier: Apache-2.0
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Tessera.Core.OAuth;
using Tessera.Core.Security;
using Tessera.Core.Snapshots;

namespace Tessera.Core.Tokens;

/// <summary>
/// Each pool's RSA-2048 keys: the active ID and access keys, the next ones (from the first rotation asked for on) and the
/// retired ones whose tokens may still live, published together so rotation never breaks a verifier that caches the JWKS
/// (<see cref="SigningKeyRotation"/>). Decrypted keys are cached per process; the cache is safe to lose.
/// </summary>
public sealed class KeyRing(
    ISigningKeyStore store, SecretProtector protector, SigningKeyCache keyCache, OAuthLookupCache lookups, IOptions<SigningKeyOptions> options, TimeProvider time)
{
    internal const string Purpose = "signing-key";
    private readonly ConcurrentDictionary<string, PoolKeys> cache = keyCache.Entries;

    /// <summary>A pool's active keys, made and stored in one transaction (<see cref="NewPoolKeys"/>).</summary>
    public Task CreateKeysAsync(string poolId, CancellationToken cancellationToken) => StoreAsync(NewPoolKeys(poolId), cancellationToken);

    /// <summary>
    /// A new pool's active ID and access keys, not yet stored: made before the pool is stored, so the pool and its keys
    /// are written moments apart, not a key generation apart. Its next keys wait for the first rotation asked for
    /// (<see cref="SigningKeyRotation.Plan"/>): an RSA-2048 key generation is most of a CreateUserPool's CPU.
    /// </summary>
    public IReadOnlyList<SigningKey> NewPoolKeys(string poolId)
        => [.. new[] { SigningKeyPurpose.Id, SigningKeyPurpose.Access }.Select(p => NewKey(poolId, p, SigningKeyStatus.Active))];

    /// <summary>Stores a new pool's keys (<see cref="NewPoolKeys"/>) in one transaction.</summary>
    public async Task StoreAsync(IReadOnlyList<SigningKey> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        await store.ApplyAsync(new RotationPlan([], keys, []), cancellationToken).ConfigureAwait(false);
        foreach (var poolId in keys.Select(k => k.PoolId).Distinct(StringComparer.Ordinal))
        {
            cache.TryRemove(poolId, out _);
        }
    }

    /// <summary>
    /// Whether this node's master key opens <paramref name="sealedKey"/>, a signing key as stored: a node given another
    /// master key than the one the database was sealed with can neither sign nor check the stored pools' tokens.
    /// </summary>
    public bool Opens(byte[] sealedKey)
    {
        try
        {
            protector.Unprotect(sealedKey, Purpose);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>
    /// Rotates the pool's keys (<see cref="SigningKeyRotation.Plan"/>) and has every node forget its copy before
    /// returning: this node at once, the others through <see cref="OAuthLookupCache.ForgetAsync"/>.
    /// </summary>
    /// <exception cref="SigningKeyRotationException">
    /// The next key has not been published long enough, or the pool had none: then it is published now, and a rotation
    /// <see cref="SigningKeyOptions.MinimumNextKeyAge"/> later makes it sign.
    /// </exception>
    public async Task<RotationPlan> RotateAsync(string poolId, CancellationToken cancellationToken)
    {
        var keys = await store.ListAsync(poolId, cancellationToken).ConfigureAwait(false);
        var lead = options.Value.MinimumNextKeyAge;
        var plan = SigningKeyRotation.Plan(keys, time.GetUtcNow(), lead, (purpose, status) => NewKey(poolId, purpose, status));
        await store.ApplyAsync(plan, cancellationToken).ConfigureAwait(false);
        await lookups.ForgetAsync(new CacheEntry(CacheEntryKind.SigningKeys, poolId), cancellationToken).ConfigureAwait(false);
        return plan.Rotates ? plan : throw new SigningKeyRotationException(lead, published: true);
    }

    public async ValueTask<SigningCredentials> SigningCredentialsAsync(string poolId, SigningKeyPurpose purpose, CancellationToken cancellationToken)
    {
        var keys = await LoadAsync(poolId, cancellationToken).ConfigureAwait(false);
        return purpose == SigningKeyPurpose.Id ? keys.IdCredentials : keys.AccessCredentials;
    }

    /// <summary>Every key a verifier may meet: active, next and retired.</summary>
    public async ValueTask<IReadOnlyList<RsaSecurityKey>> VerificationKeysAsync(string poolId, CancellationToken cancellationToken)
        => (await LoadAsync(poolId, cancellationToken).ConfigureAwait(false)).All;

    /// <summary>Forgets cached keys (after a rotation on another node, or a deleted pool).</summary>
    public void Invalidate(string poolId) => cache.TryRemove(poolId, out _);

    private async ValueTask<PoolKeys> LoadAsync(string poolId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (cache.TryGetValue(poolId, out var cached) && cached.LoadedAt + SigningKeyRotation.CacheLifetime(options.Value.MinimumNextKeyAge) > now)
        {
            return cached;
        }

        var rows = (await store.ListAsync(poolId, cancellationToken).ConfigureAwait(false)).Where(k => SigningKeyRotation.IsPublished(k, now)).ToList();
        if (rows.Count == 0)
        {
            throw new InvalidOperationException($"Pool {poolId} has no signing keys.");
        }

        var all = rows.OrderBy(k => k.Status).ThenBy(k => k.Purpose).Select(ToSecurityKey).ToList();
        SigningCredentials Credentials(SigningKeyPurpose purpose)
        {
            var kid = rows.First(k => k.Purpose == purpose && k.Status == SigningKeyStatus.Active).Kid;
            return new SigningCredentials(all.First(k => k.KeyId == kid), SecurityAlgorithms.RsaSha256);
        }

        var keys = new PoolKeys(all, Credentials(SigningKeyPurpose.Id), Credentials(SigningKeyPurpose.Access), now);
        cache[poolId] = keys;
        return keys;
    }

    private RsaSecurityKey ToSecurityKey(SigningKey key)
    {
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(protector.Unprotect(key.PrivateKeyCiphertext, Purpose), out _);
        return new RsaSecurityKey(rsa) { KeyId = key.Kid };
    }

    private SigningKey NewKey(string poolId, SigningKeyPurpose purpose, SigningKeyStatus status)
    {
        using var rsa = RSA.Create(2048);
        var modulus = rsa.ExportParameters(false).Modulus!;
        return new SigningKey
        {
            // Like Cognito's kids: base64 of a digest of the public key.
            Kid = Convert.ToBase64String(SHA256.HashData(modulus)),
            PoolId = poolId,
            Purpose = purpose,
            Status = status,
            PrivateKeyCiphertext = protector.Protect(rsa.ExportPkcs8PrivateKey(), Purpose),
            CreatedAt = time.GetUtcNow(),
        };
    }

    internal sealed record PoolKeys(IReadOnlyList<RsaSecurityKey> All, SigningCredentials IdCredentials, SigningCredentials AccessCredentials, DateTimeOffset LoadedAt);
}

/// <summary>Decrypted keys per pool, shared by every request of the process.</summary>
public sealed class SigningKeyCache : IStoreCache
{
    internal ConcurrentDictionary<string, KeyRing.PoolKeys> Entries { get; } = new(StringComparer.Ordinal);

    public void Clear() => Entries.Clear();

    /// <summary>Forgets one pool's keys (a rotation, here or on another node).</summary>
    public void Forget(string poolId) => Entries.TryRemove(poolId, out _);
}

// SPDX-License-Identifier: Apache-2.0
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using Tessera.Core.Security;
using Tessera.Core.Snapshots;

namespace Tessera.Core.Tokens;

/// <summary>
/// Each pool's RSA-2048 keys: the active ID and access keys and the next ones, published together so
/// rotation never breaks a verifier that caches the JWKS. Decrypted keys are cached per process;
/// the cache is safe to lose.
/// </summary>
public sealed class KeyRing(ISigningKeyStore store, SecretProtector protector, SigningKeyCache keyCache, TimeProvider time)
{
    internal const string Purpose = "signing-key";
    private readonly ConcurrentDictionary<string, PoolKeys> cache = keyCache.Entries;

    public async Task CreateKeysAsync(string poolId, CancellationToken cancellationToken)
    {
        foreach (var purpose in new[] { SigningKeyPurpose.Id, SigningKeyPurpose.Access })
        {
            await store.AddAsync(NewKey(poolId, purpose, SigningKeyStatus.Active), cancellationToken).ConfigureAwait(false);
            await store.AddAsync(NewKey(poolId, purpose, SigningKeyStatus.Next), cancellationToken).ConfigureAwait(false);
        }

        cache.TryRemove(poolId, out _);
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

    /// <summary>Promotes each purpose's next key to active, retires the active one, and makes a new next key.</summary>
    public async Task RotateAsync(string poolId, CancellationToken cancellationToken)
    {
        var keys = await store.ListAsync(poolId, cancellationToken).ConfigureAwait(false);
        foreach (var purpose in new[] { SigningKeyPurpose.Id, SigningKeyPurpose.Access })
        {
            var active = keys.FirstOrDefault(k => k.Purpose == purpose && k.Status == SigningKeyStatus.Active);
            var next = keys.FirstOrDefault(k => k.Purpose == purpose && k.Status == SigningKeyStatus.Next);
            if (active is not null)
            {
                active.Status = SigningKeyStatus.Retired;
                await store.UpdateAsync(active, cancellationToken).ConfigureAwait(false);
            }

            if (next is not null)
            {
                next.Status = SigningKeyStatus.Active;
                await store.UpdateAsync(next, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await store.AddAsync(NewKey(poolId, purpose, SigningKeyStatus.Active), cancellationToken).ConfigureAwait(false);
            }

            await store.AddAsync(NewKey(poolId, purpose, SigningKeyStatus.Next), cancellationToken).ConfigureAwait(false);
        }

        cache.TryRemove(poolId, out _);
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
        if (cache.TryGetValue(poolId, out var cached) && cached.LoadedAt + TimeSpan.FromMinutes(5) > time.GetUtcNow())
        {
            return cached;
        }

        var rows = await store.ListAsync(poolId, cancellationToken).ConfigureAwait(false);
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

        var keys = new PoolKeys(all, Credentials(SigningKeyPurpose.Id), Credentials(SigningKeyPurpose.Access), time.GetUtcNow());
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
}

// SPDX-License-Identifier: Apache-2.0
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using Tessera.Core.Security;
using Tessera.Core.Snapshots;

namespace Tessera.Core.Identity;

/// <summary>
/// The RSA keys that sign identity-pool OpenID tokens, one set for the whole service (as
/// cognito-identity.amazonaws.com has). The first request that needs one creates it; the oldest key
/// signs, every key is published.
/// </summary>
public sealed class IdentityKeyRing(IIdentitySigningKeyStore store, SecretProtector protector, IdentityKeyCache cache, TimeProvider time)
{
    internal const string Purpose = "identity-signing-key";

    public async ValueTask<SigningCredentials> SigningCredentialsAsync(CancellationToken cancellationToken)
        => (await LoadAsync(cancellationToken).ConfigureAwait(false)).Signing;

    public async ValueTask<IReadOnlyList<RsaSecurityKey>> VerificationKeysAsync(CancellationToken cancellationToken)
        => (await LoadAsync(cancellationToken).ConfigureAwait(false)).All;

    private async ValueTask<IdentityKeyCache.Keys> LoadAsync(CancellationToken cancellationToken)
    {
        if (cache.Current is { } cached && cached.LoadedAt + TimeSpan.FromMinutes(5) > time.GetUtcNow())
        {
            return cached;
        }

        var rows = await store.ListAsync(cancellationToken).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            await store.AddAsync(NewKey(), cancellationToken).ConfigureAwait(false);
            rows = await store.ListAsync(cancellationToken).ConfigureAwait(false);
        }

        var all = rows.OrderBy(k => k.CreatedAt).ThenBy(k => k.Kid, StringComparer.Ordinal).Select(ToSecurityKey).ToList();
        var keys = new IdentityKeyCache.Keys(all, new SigningCredentials(all[0], SecurityAlgorithms.RsaSha512), time.GetUtcNow());
        cache.Current = keys;
        return keys;
    }

    private RsaSecurityKey ToSecurityKey(IdentitySigningKey key)
    {
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(protector.Unprotect(key.PrivateKeyCiphertext, Purpose), out _);
        return new RsaSecurityKey(rsa) { KeyId = key.Kid };
    }

    private IdentitySigningKey NewKey()
    {
        using var rsa = RSA.Create(2048);
        return new IdentitySigningKey
        {
            Kid = Convert.ToBase64String(SHA256.HashData(rsa.ExportParameters(false).Modulus!))[..16],
            PrivateKeyCiphertext = protector.Protect(rsa.ExportPkcs8PrivateKey(), Purpose),
            CreatedAt = time.GetUtcNow(),
        };
    }
}

/// <summary>The decrypted identity keys, shared by every request of the process; safe to lose.</summary>
public sealed class IdentityKeyCache : IStoreCache
{
    internal Keys? Current { get; set; }

    public void Clear() => Current = null;

    internal sealed record Keys(IReadOnlyList<RsaSecurityKey> All, SigningCredentials Signing, DateTimeOffset LoadedAt);
}

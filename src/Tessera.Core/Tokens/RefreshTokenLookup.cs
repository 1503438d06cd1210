// SPDX-License-Identifier: Apache-2.0
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Tessera.Core.Configuration;
using Tessera.Core.Security;

namespace Tessera.Core.Tokens;

/// <summary>
/// Finds a refresh token's record by its keyed hash. A token issued here is found by this node's keyed hash; one issued
/// by another deployment and carried over by an import (docs/portability.md) is stored under that deployment's keyed
/// hash, whose key the import kept (sealed with this node's master key) beside its pool, so it is tried next.
/// </summary>
public sealed class RefreshTokenLookup(IRefreshTokenStore refreshTokens, IPoolDocumentStore documents, SecretProtector protector)
{
    /// <summary>The pool document kind holding a keyed-hash key of a deployment the pool's tokens were imported from.</summary>
    public const string ImportedKeyKind = "refresh-token-key";

    /// <summary>The master-key purpose such a key is sealed for.</summary>
    public const string Purpose = "refresh-token-key";

    public Task<RefreshTokenRecord?> FindAsync(string poolId, string token, CancellationToken cancellationToken)
        => FindAsync(poolId, token, refreshTokens.FindByHashAsync, static r => r.PoolId, cancellationToken);

    /// <summary>The token with its session and user in one read (<see cref="IRefreshTokenStore.FindWithContextByHashAsync"/>): the refresh path.</summary>
    public Task<RefreshTokenContext?> FindWithContextAsync(string poolId, string token, CancellationToken cancellationToken)
        => FindAsync(poolId, token, refreshTokens.FindWithContextByHashAsync, static c => c.Token.PoolId, cancellationToken);

    private async Task<T?> FindAsync<T>(
        string poolId, string token, Func<byte[], CancellationToken, Task<T?>> findByHash, Func<T, string> poolOf, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(token);
        var found = await findByHash(protector.KeyedHash(token), cancellationToken).ConfigureAwait(false);
        if (found is not null)
        {
            return found;
        }

        foreach (var document in await documents.ListAsync(poolId, ImportedKeyKind, null, cancellationToken).ConfigureAwait(false))
        {
            var key = OpenDocument(document, protector);
            found = await findByHash(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(token)), cancellationToken).ConfigureAwait(false);
            if (found is not null && poolOf(found) == poolId)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>The document that keeps <paramref name="key"/> for <paramref name="poolId"/>, named by a digest of the key.</summary>
    public static PoolDocument ToDocument(string poolId, byte[] key, SecretProtector protector)
    {
        ArgumentNullException.ThrowIfNull(protector);
        return new PoolDocument
        {
            PoolId = poolId,
            Kind = ImportedKeyKind,
            Key = Convert.ToHexStringLower(SHA256.HashData(key).AsSpan(0, 16)),
            Json = new JsonObject { ["key"] = Convert.ToBase64String(protector.Protect(key, Purpose)) }.ToJsonString(),
        };
    }

    /// <summary>The key a document of <see cref="ImportedKeyKind"/> holds (its JSON: <c>{"key": base64 of the key sealed with the master key}</c>).</summary>
    public static byte[] OpenDocument(PoolDocument document, SecretProtector protector)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(protector);
        return protector.Unprotect(Convert.FromBase64String(JsonNode.Parse(document.Json)!["key"]!.GetValue<string>()), Purpose);
    }
}

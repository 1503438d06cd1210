// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Configuration;

public interface IPoolDocumentStore
{
    Task<PoolDocument?> FindAsync(string poolId, string kind, string key, CancellationToken cancellationToken);

    /// <summary>The pool's documents of one kind, for one client when <paramref name="clientId"/> is given, oldest first.</summary>
    Task<IReadOnlyList<PoolDocument>> ListAsync(string poolId, string kind, string? clientId, CancellationToken cancellationToken);

    /// <summary>Adds the document, or replaces the one with the same pool, kind and key.</summary>
    Task SaveAsync(PoolDocument document, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string poolId, string kind, string key, CancellationToken cancellationToken);
}

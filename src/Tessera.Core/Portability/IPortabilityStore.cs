// SPDX-License-Identifier: Apache-2.0
using System.Linq.Expressions;

namespace Tessera.Core.Portability;

/// <summary>What creating, updating or leaving one imported object did.</summary>
public enum ImportOutcome
{
    Created,
    Updated,
    Skipped,
}

/// <summary>Bulk reads and idempotent writes of whole rows, for export and import only.</summary>
public interface IPortabilityStore
{
    /// <summary>The rows of <typeparamref name="T"/> that match, read one at a time without tracking.</summary>
    IAsyncEnumerable<T> StreamAsync<T>(Expression<Func<T, bool>> filter, CancellationToken cancellationToken)
        where T : class;

    /// <summary>
    /// Creates the rows whose key is new and updates those that differ, matching by primary key; writes happen at
    /// <see cref="SaveAsync"/>. Instants left at their default keep the stored value (now, for a new row);
    /// concurrency versions are the store's, incremented on a change. <paramref name="reconcile"/> sees each stored row
    /// (first argument) beside its incoming one before they are compared, to keep stored values that mean the same
    /// (a secret sealed again with a fresh nonce).
    /// </summary>
    Task<IReadOnlyList<ImportOutcome>> UpsertAsync<T>(IReadOnlyList<T> rows, Func<T, T, CancellationToken, Task>? reconcile, CancellationToken cancellationToken)
        where T : class;

    /// <summary>Writes the pending changes and forgets the rows, so memory stays flat over a large import.</summary>
    /// <exception cref="PortabilityException">A row breaks a constraint (an unknown group, a duplicate key).</exception>
    Task SaveAsync(CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="work"/> in one transaction: an import that fails leaves nothing behind.</summary>
    Task<T> InTransactionAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken);
}

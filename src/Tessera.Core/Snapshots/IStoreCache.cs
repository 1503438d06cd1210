// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Snapshots;

/// <summary>
/// A process-local copy of stored state (pools, clients, decrypted keys). When the store is replaced
/// wholesale by a reset or a restore, <see cref="SnapshotService"/> empties every registered one before
/// the next request runs, so no request meets a pool, client or key the restored state does not have.
/// </summary>
public interface IStoreCache
{
    void Clear();
}

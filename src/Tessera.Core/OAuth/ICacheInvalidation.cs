// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.OAuth;

/// <summary>
/// Carries <see cref="OAuthLookupCache"/>'s forgets to the other nodes sharing the store (PostgreSQL: LISTEN/NOTIFY,
/// docs/production.md). With one node (SQLite) there is nobody to tell: <see cref="SingleNode"/>.
/// </summary>
public interface ICacheInvalidation
{
    /// <summary>
    /// Whether this node hears every other node's forgets now. While it does not (the listening connection is down),
    /// the cache serves nothing it holds: every lookup reads the store.
    /// </summary>
    bool Listening { get; }

    /// <summary>Tells every node, this one included, to forget <paramref name="entry"/>; returns once it is sent.</summary>
    ValueTask PublishAsync(CacheEntry entry, CancellationToken cancellationToken);

    /// <summary>One node: nothing to tell, always listening.</summary>
    public static ICacheInvalidation SingleNode { get; } = new SingleNodeInvalidation();

    private sealed class SingleNodeInvalidation : ICacheInvalidation
    {
        public bool Listening => true;

        public ValueTask PublishAsync(CacheEntry entry, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}

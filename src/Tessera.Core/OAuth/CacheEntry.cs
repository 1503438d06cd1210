// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.OAuth;

/// <summary>What a write made stale in <see cref="OAuthLookupCache"/>, as one node tells the others.</summary>
public readonly record struct CacheEntry(CacheEntryKind Kind, string Key)
{
    /// <summary><c>Kind:Key</c>, the form sent between nodes.</summary>
    public override string ToString() => $"{Kind}:{Key}";

    /// <summary>Reads <see cref="ToString"/>'s form; false for anything else (a newer node's kind, say).</summary>
    public static bool TryParse(string text, out CacheEntry entry)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && Enum.TryParse<CacheEntryKind>(text.AsSpan(0, colon), out var kind) && Enum.IsDefined(kind))
        {
            entry = new CacheEntry(kind, text[(colon + 1)..]);
            return true;
        }

        entry = default;
        return false;
    }
}

public enum CacheEntryKind
{
    /// <summary>A pool's own settings (<see cref="OAuthLookupCache.ForgetPoolSettings"/>).</summary>
    PoolSettings,

    /// <summary>A deleted pool, with its clients, domains and scopes.</summary>
    Pool,
    Domain,
    Client,
    CustomScopes,

    /// <summary>A pool's signing keys (a rotation): <see cref="Tokens.SigningKeyCache"/>.</summary>
    SigningKeys,

    /// <summary>Everything (a reset or a restore).</summary>
    All,
}

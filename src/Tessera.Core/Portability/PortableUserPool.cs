// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Pools;

namespace Tessera.Core.Portability;

/// <summary>A user pool's own fields (<c>userPools[]</c>, before its arrays).</summary>
public sealed class PortableUserPool
{
    /// <summary>The pool id, <c>&lt;region&gt;_&lt;id&gt;</c>, kept on import so issuers and ARNs stay the same.</summary>
    public required string Id { get; set; }

    public required string Name { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>Every setting of the pool, as DescribeUserPool's members in camelCase; left out, CreateUserPool's defaults.</summary>
    public UserPoolSettings? Settings { get; set; }

    /// <summary>
    /// The keys of the keyed hashes the pool's <c>refreshTokens</c> are stored under (the exporting deployment's, and
    /// any it imported), each sealed with the file key: the importer keeps them to find those tokens.
    /// </summary>
    public IReadOnlyList<string>? RefreshTokenKeys { get; set; }
}

// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Clients;

namespace Tessera.Core.Portability;

/// <summary>An app client (<c>userPools[].clients[]</c>).</summary>
public sealed class PortableClient
{
    /// <summary>Kept on import, so applications keep their configured client id.</summary>
    public required string ClientId { get; set; }

    public required string ClientName { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>As UpdateUserPoolClient's members in camelCase; left out, CreateUserPoolClient's defaults.</summary>
    public AppClientSettings? Settings { get; set; }

    /// <summary>The client's secrets, oldest first (a confidential client has one or two).</summary>
    public List<PortableClientSecret>? Secrets { get; set; }
}

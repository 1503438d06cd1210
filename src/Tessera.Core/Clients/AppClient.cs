// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Clients;

public sealed class AppClient
{
    public required string ClientId { get; set; }
    public required string PoolId { get; set; }
    public required string ClientName { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public AppClientSettings Settings { get; set; } = new();

    /// <summary>The client's secrets, oldest first; each is accepted until it is deleted.</summary>
    public List<ClientSecret> Secrets { get; set; } = [];

    public bool HasSecret => Secrets.Count > 0;
}

// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Server.Hosting;

/// <summary>The <c>Tessera:Storage</c> section.</summary>
public sealed class StorageOptions
{
    /// <summary><c>Sqlite</c> (default, embedded) or <c>PostgreSql</c> (several nodes).</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>The provider's connection string. Default for SQLite: <c>Data Source=.tessera/tessera.db</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Where start-dev keeps its database and master key. Default <c>.tessera</c>.</summary>
    public string DataDirectory { get; set; } = ".tessera";
}

public enum StorageProvider
{
    Sqlite = 0,
    PostgreSql = 1,
}

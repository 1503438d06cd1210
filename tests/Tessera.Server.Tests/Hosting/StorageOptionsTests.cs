// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.Configuration;
using Tessera.Server.Hosting;
using Tessera.Storage.Sqlite;

namespace Tessera.Server.Tests.Hosting;

/// <summary>SQLite's durability per mode: an fsync per commit for `start`, synced at checkpoints for `start-dev`.</summary>
public sealed class StorageOptionsTests
{
    [Theory]
    [InlineData(TesseraMode.Production, null, SqliteSynchronous.Full)]
    [InlineData(TesseraMode.Development, null, SqliteSynchronous.Normal)]
    [InlineData(TesseraMode.Production, "Normal", SqliteSynchronous.Normal)]
    [InlineData(TesseraMode.Development, "Full", SqliteSynchronous.Full)]
    public void SqliteSynchronousIn_TheSettingOrTheModesDefault(TesseraMode mode, string? setting, SqliteSynchronous expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Tessera:Storage:SqliteSynchronous"] = setting })
            .Build();

        var storage = configuration.GetSection("Tessera:Storage").Get<StorageOptions>() ?? new StorageOptions();

        storage.SqliteSynchronousIn(mode).ShouldBe(expected);
    }
}

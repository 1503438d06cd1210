// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Server.IntegrationTests.Infrastructure;

/// <summary>One Tessera for a whole test class; each test makes its own pool, so tests stay independent.</summary>
public sealed class HostFixture : IAsyncLifetime
{
    public TesseraHost Host { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Host = await TesseraHost.StartAsync();

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}

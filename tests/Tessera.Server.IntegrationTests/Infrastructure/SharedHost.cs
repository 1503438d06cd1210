// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Server.IntegrationTests.Infrastructure;

/// <summary>One host for a whole test class (each test makes its own pool), to spare a start per test.</summary>
public sealed class SharedHost : IAsyncLifetime
{
    public TesseraHost Host { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Host = await TesseraHost.StartAsync();

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}

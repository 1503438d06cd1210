// SPDX-License-Identifier: Apache-2.0
using BenchmarkDotNet.Attributes;
using Tessera.Core.Security;

namespace Tessera.Benchmarks.Micro;

/// <summary>t_hash: one password check by Tessera's PasswordHasher at production settings (PBKDF2-SHA256, 600,000 iterations).</summary>
public class PasswordHashBenchmarks
{
    private PasswordHasher hasher = null!;
    private string stored = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        var options = new PasswordHashingOptions();
        if (options.Iterations != 600_000)
        {
            throw new InvalidOperationException($"The production default changed to {options.Iterations} iterations: update PERFORMANCE.md and this benchmark.");
        }

        hasher = new PasswordHasher(options);
        stored = await hasher.HashAsync("Bench-Pass-0001!", CancellationToken.None);
    }

    [GlobalCleanup]
    public void Cleanup() => hasher.Dispose();

    [Benchmark]
    public Task<bool> VerifyPassword() => hasher.VerifyAsync("Bench-Pass-0001!", stored, CancellationToken.None);
}

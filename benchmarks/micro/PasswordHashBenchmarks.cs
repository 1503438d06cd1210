// SPDX-License-Identifier: Apache-2.0
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Tessera.Core.Security;

namespace Tessera.Benchmarks.Micro;

/// <summary>
/// t_hash: one password check by Tessera's PasswordHasher at production settings (Argon2id m = 19 MiB, t = 2, p = 1,
/// libsodium), and the check of a PBKDF2-SHA256 600,000 hash stored before Argon2id (what its first sign-in costs
/// before the upgrade).
/// </summary>
public class PasswordHashBenchmarks
{
    private const string Password = "Bench-Pass-0001!";
    private PasswordHasher hasher = null!;
    private string stored = null!;
    private string legacy = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        var options = new PasswordHashingOptions();
        if ((options.MemoryKiB, options.Passes) != (19_456, 2))
        {
            throw new InvalidOperationException($"The production default changed to m={options.MemoryKiB}, t={options.Passes}: update PERFORMANCE.md and this benchmark.");
        }

        hasher = new PasswordHasher(options, TimeProvider.System);
        stored = await hasher.HashAsync(Password, CancellationToken.None);
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(Password), salt, 600_000, HashAlgorithmName.SHA256, 32);
        legacy = $"pbkdf2-sha256$600000${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    [GlobalCleanup]
    public void Cleanup() => hasher.Dispose();

    [Benchmark]
    public Task<bool> VerifyPassword() => hasher.VerifyAsync(Password, stored, CancellationToken.None);

    /// <summary>
    /// Two checks at once, as the server's two hash threads run them on 2 cores: one operation is the pair, so its time is
    /// what each hash takes while the other core hashes too. Longer than <see cref="VerifyPassword"/> when the two slow each
    /// other (shared cache and memory bandwidth, or two vCPUs on one physical core of the host).
    /// </summary>
    [Benchmark]
    public Task<bool[]> VerifyPasswordTwoAtOnce()
        => Task.WhenAll(hasher.VerifyAsync(Password, stored, CancellationToken.None), hasher.VerifyAsync(Password, stored, CancellationToken.None));

    [Benchmark]
    public Task<bool> VerifyLegacyPbkdf2() => hasher.VerifyAsync(Password, legacy, CancellationToken.None);
}

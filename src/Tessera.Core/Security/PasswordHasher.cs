// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tessera.Core.Security;

public sealed class PasswordHashingOptions
{
    /// <summary>
    /// OWASP's minimum for PBKDF2-HMAC-SHA256 (Password Storage Cheat Sheet): <c>tessera start</c> refuses fewer.
    /// </summary>
    public const int ProductionMinimumIterations = 600_000;

    /// <summary>
    /// PBKDF2-HMAC-SHA256 iterations for new hashes. OWASP's 2023 recommendation, and the default, is 600,000,
    /// and <c>tessera start</c> accepts no fewer. Values far below it are for start-dev, tests and benchmarks:
    /// <c>Tessera:Passwords:Iterations=1</c> is the near-zero-cost hasher that docs/benchmarks.md (G5b) uses to
    /// measure everything but the hash.
    /// </summary>
    public int Iterations { get; set; } = ProductionMinimumIterations;

    /// <summary>
    /// Hashes that may wait for a core before new sign-ins are shed with TooManyRequestsException
    /// (which the AWS SDKs retry with backoff). Default: twice the core count, so an accepted sign-in
    /// waits at most about two hash times before its own (PERFORMANCE.md G5c: p99 ≤ 4 × t_hash).
    /// </summary>
    public int? MaxQueued { get; set; }
}

/// <summary>
/// PBKDF2-HMAC-SHA256 with a 16-byte salt. At most one hash per core runs at a time and a bounded
/// queue waits; beyond it, sign-ins are refused fast so accepted ones keep a bounded latency.
/// </summary>
public sealed class PasswordHasher : IDisposable
{
    private const int SaltSize = 16;
    private const int HashSize = 32;
    private readonly int iterations;
    private readonly int maxQueued;
    private readonly SemaphoreSlim gate = new(Environment.ProcessorCount, Environment.ProcessorCount);
    private readonly Lazy<string> dummyHash;
    private int waiting;

    public PasswordHasher(PasswordHashingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        iterations = options.Iterations;
        maxQueued = options.MaxQueued ?? 2 * Environment.ProcessorCount;
        dummyHash = new(() => Compute("tessera-dummy-password", iterations));
    }

    public async Task<string> HashAsync(string password, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return Compute(password, iterations);
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task<bool> VerifyAsync(string password, string? encoded, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Unknown users and users without a password cost the same time as a real check.
            var ok = Verify(password, encoded ?? dummyHash.Value);
            return ok && encoded is not null;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();

    private async Task EnterAsync(CancellationToken cancellationToken)
    {
        if (gate.Wait(0, CancellationToken.None))
        {
            return;
        }

        if (Interlocked.Increment(ref waiting) > maxQueued)
        {
            Interlocked.Decrement(ref waiting);
            throw Errors.CognitoErrors.TooManyRequests();
        }

        try
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref waiting);
        }
    }

    private static string Compute(string password, int iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashSize);
        return string.Create(CultureInfo.InvariantCulture, $"pbkdf2-sha256${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    private static bool Verify(string password, string encoded)
    {
        var parts = encoded.Split('$');
        if (parts.Length != 4 || parts[0] != "pbkdf2-sha256" || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return false;
        }

        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, n, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}

// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Errors;
using Tessera.Core.Security;

namespace Tessera.Core.Tests.Security;

public sealed class PasswordHasherTests
{
    private const string Password = "Perm-Pass-1!";

    [Fact]
    public async Task Verify_MoreAtOnceThanCoresPlusQueue_ShedsTheExcessWithTooManyRequests()
    {
        using var hasher = new PasswordHasher(new PasswordHashingOptions { Iterations = 2_000_000, MaxQueued = 0 });
        var results = await BurstAsync(hasher, Environment.ProcessorCount + 2);

        results.Count(r => r == "ok").ShouldBe(Environment.ProcessorCount);
        results.Count(r => r == "TooManyRequestsException").ShouldBe(2);
    }

    [Fact]
    public async Task Verify_DefaultQueue_HoldsTwiceTheCoresAndShedsBeyond()
    {
        using var hasher = new PasswordHasher(new PasswordHashingOptions { Iterations = 1_000_000 });
        var results = await BurstAsync(hasher, (3 * Environment.ProcessorCount) + 1);

        results.Count(r => r == "ok").ShouldBe(3 * Environment.ProcessorCount);
        results.Count(r => r == "TooManyRequestsException").ShouldBe(1);
    }

    /// <summary>Sign-ins that all arrive while the first ones still hold the cores (each hash is slow).</summary>
    private static async Task<string[]> BurstAsync(PasswordHasher hasher, int callers)
    {
        var stored = await hasher.HashAsync(Password, TestContext.Current.CancellationToken);
        var results = new string[callers];
        var pending = new Task[callers];
        using var go = new ManualResetEventSlim();
        var threads = Enumerable.Range(0, callers).Select(i => new Thread(() =>
        {
            go.Wait();
            pending[i] = Record(i);
        })).ToList();
        threads.ForEach(t => t.Start());
        go.Set();
        threads.ForEach(t => t.Join());
        await Task.WhenAll(pending);
        return results;

        async Task Record(int i)
        {
            try
            {
                results[i] = await hasher.VerifyAsync(Password, stored, CancellationToken.None) ? "ok" : "wrong";
            }
            catch (CognitoException e)
            {
                results[i] = e.Code;
            }
        }
    }
}

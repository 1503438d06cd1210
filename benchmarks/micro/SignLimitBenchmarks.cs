// SPDX-License-Identifier: Apache-2.0
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;

namespace Tessera.Benchmarks.Micro;

/// <summary>
/// The whole-box sign limit: two threads signing at once (the machine has 2 cores). Reported per
/// signature, so 1e9 / mean is signatures per second for the box.
/// </summary>
public class SignLimitBenchmarks
{
    private const int PerThread = 200;
    private readonly byte[] input = new byte[700];
    private RSA[] keys = null!;

    [GlobalSetup]
    public void Setup()
    {
        RandomNumberGenerator.Fill(input);
        // One key object per thread, as each request's signer is independent of the others.
        using var template = RSA.Create(2048);
        var pkcs8 = template.ExportPkcs8PrivateKey();
        keys = new RSA[Threads];
        for (var i = 0; i < Threads; i++)
        {
            keys[i] = RSA.Create();
            keys[i].ImportPkcs8PrivateKey(pkcs8, out _);
        }
    }

    [Params(2)]
    public int Threads { get; set; }

    [Benchmark(OperationsPerInvoke = PerThread * 2)]
    public void RsaSignParallel()
    {
        var threads = new Thread[Threads];
        for (var t = 0; t < Threads; t++)
        {
            var key = keys[t];
            threads[t] = new Thread(() =>
            {
                for (var i = 0; i < PerThread; i++)
                {
                    key.SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                }
            });
            threads[t].Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }
    }
}

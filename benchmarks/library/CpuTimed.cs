// SPDX-License-Identifier: Apache-2.0
using System.Diagnostics;
using System.Globalization;

namespace Tessera.Benchmarks.Library;

/// <summary>
/// The G1 paths again, timed by this process's CPU time instead of wall time: on a box shared with other
/// builds the wall-clock means of BenchmarkDotNet include time the thread spent descheduled, CPU time does not.
/// Rounds alternate the paths (raw, library, stock, raw, ...) and each path's median per-op CPU time is kept.
/// </summary>
internal static class CpuTimed
{
    public static IEnumerable<string> Run(int rounds = 5, double secondsPerRun = 1.0)
    {
        var b = new ValidationBenchmarks();
        b.Setup();
        var paths = new (string Name, Func<bool> Op)[]
        {
            ("RawVerify", b.RawVerify),
            ("LibraryValidation", () => b.LibraryValidation().GetAwaiter().GetResult()),
            ("StockValidation", () => b.StockValidation().GetAwaiter().GetResult()),
            ("LibraryKeysDirect", () => b.LibraryValidationKeysDirect().GetAwaiter().GetResult()),
            ("LibraryHandler", () => b.LibraryHandler().GetAwaiter().GetResult()),
            ("BareRsaKey", () => b.BareHandler(jsonWebKey: false).GetAwaiter().GetResult()),
            ("BareJsonWebKey", () => b.BareHandler(jsonWebKey: true).GetAwaiter().GetResult()),
            ("LibraryNoSignature", () => b.LibraryValidationNoSignature().GetAwaiter().GetResult()),
        };
        var samples = paths.ToDictionary(p => p.Name, _ => new List<double>());
        foreach (var (_, op) in paths)
        {
            Measure(op, 0.5); // tier-up before any round counts
        }

        for (var round = 0; round < rounds; round++)
        {
            foreach (var (name, op) in paths)
            {
                samples[name].Add(Measure(op, secondsPerRun));
            }
        }

        return samples.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key} {s.Value.Order().ElementAt(s.Value.Count / 2):F1}"));
    }

    /// <summary>CPU nanoseconds per operation over about <paramref name="seconds"/> of wall time.</summary>
    private static double Measure(Func<bool> op, double seconds)
    {
        using var process = Process.GetCurrentProcess();
        var wall = Stopwatch.StartNew();
        var cpu0 = process.TotalProcessorTime;
        long count = 0;
        while (wall.Elapsed.TotalSeconds < seconds)
        {
            for (var i = 0; i < 50; i++)
            {
                if (!op())
                {
                    throw new InvalidOperationException("A validation path rejected the benchmark token.");
                }
            }

            count += 50;
        }

        process.Refresh();
        return (process.TotalProcessorTime - cpu0).TotalNanoseconds / count;
    }
}

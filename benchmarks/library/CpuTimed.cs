// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using System.Runtime.InteropServices;

namespace Tessera.Benchmarks.Library;

/// <summary>
/// The G1 paths again, timed by the calling thread's CPU time instead of wall time: on a box shared with other
/// builds the wall-clock means of BenchmarkDotNet include time the thread spent descheduled, CPU time does not.
/// The paths are interleaved in small batches (20 operations of each path in turn, the order rotated every
/// round), so every path sees the same machine (caches, frequency, the neighbours' load) at the same moments;
/// each path's figure is the median over its batches of CPU time per operation. Work the path leaves to other
/// threads (none here but the GC's background marking) is not counted.
/// </summary>
internal static class CpuTimed
{
    private const int BatchSize = 20;

    public static IEnumerable<string> Run(int rounds = 5)
    {
        var b = new ValidationBenchmarks();
        b.Setup();
        var paths = new (string Name, Func<bool> Op)[]
        {
            ("RawVerify", b.RawVerify),
            ("LibraryValidation", () => b.LibraryValidation().GetAwaiter().GetResult()),
            ("StockValidation", () => b.StockValidation().GetAwaiter().GetResult()),
            ("LibraryStockHandler", () => b.LibraryValidationStockHandler().GetAwaiter().GetResult()),
            ("LibraryKeysDirect", () => b.LibraryValidationKeysDirect().GetAwaiter().GetResult()),
            ("LibraryHandler", () => b.LibraryHandler().GetAwaiter().GetResult()),
            ("BareRsaKey", () => b.BareHandler(jsonWebKey: false).GetAwaiter().GetResult()),
            ("BareJsonWebKey", () => b.BareHandler(jsonWebKey: true).GetAwaiter().GetResult()),
            ("LibraryNoSignature", () => b.LibraryValidationNoSignature().GetAwaiter().GetResult()),
            ("PartParse", b.PartParse),
            ("PartParseAndIdentity", b.PartParseAndIdentity),
            ("PartClone", b.PartClone),
            ("PartHandlerNoClone", b.PartHandlerNoClone),
            ("PartLeanNoClone", b.PartLeanNoClone),
        };

        // LIBBENCH_PATHS=RawVerify,LibraryValidation runs only those (for quick A/B runs).
        if (Environment.GetEnvironmentVariable("LIBBENCH_PATHS") is { Length: > 0 } only)
        {
            paths = paths.Where(p => only.Split(',').Contains(p.Name)).ToArray();
        }

        var samples = paths.ToDictionary(p => p.Name, _ => new List<double>());
        for (var i = 0; i < 40; i++)
        {
            foreach (var (_, op) in paths)
            {
                Batch(op); // tier-up before any batch counts
            }
        }

        for (var round = 0; round < rounds * 100; round++)
        {
            for (var k = 0; k < paths.Length; k++)
            {
                var (name, op) = paths[(k + round) % paths.Length];
                samples[name].Add(Batch(op));
            }
        }

        // Bytes allocated per operation: the part of the cost that does not depend on the machine's load.
        var allocated = paths.ToDictionary(p => p.Name, p =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            Batch(p.Op);
            return (GC.GetAllocatedBytesForCurrentThread() - before) / BatchSize;
        });
        return samples.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key} {s.Value.Order().ElementAt(s.Value.Count / 2):F1} {allocated[s.Key]}"));
    }

    /// <summary>CPU nanoseconds of this thread per operation over one batch.</summary>
    private static double Batch(Func<bool> op)
    {
        var start = ThreadCpuNanoseconds();
        for (var i = 0; i < BatchSize; i++)
        {
            if (!op())
            {
                throw new InvalidOperationException("A validation path rejected the benchmark token.");
            }
        }

        return (ThreadCpuNanoseconds() - start) / (double)BatchSize;
    }

    private static long ThreadCpuNanoseconds()
    {
        if (clock_gettime(ClockThreadCpuTime, out var t) != 0)
        {
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed.");
        }

        return (t.Seconds * 1_000_000_000L) + t.Nanoseconds;
    }

    private const int ClockThreadCpuTime = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", SetLastError = false)]
    private static extern int clock_gettime(int clockId, out TimeSpec time);
}

// alloc <trace.nettrace> [frames=6] [filterSubstring]: AllocationTick (sampled every ~100 KB) by type and by allocating stack.
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

var path = args[0];
var frames = args.Length > 1 ? int.Parse(args[1]) : 6;
var etlx = TraceLog.CreateFromEventPipeDataFile(path);
using var log = new TraceLog(etlx);
var byType = new Dictionary<string, long>();
var byStack = new Dictionary<string, long>();
var byFrame = new Dictionary<string, long>();
long total = 0;
foreach (var ev in log.Events)
{
    if (ev is not GCAllocationTickTraceData t) continue;
    long bytes = t.AllocationAmount64;
    total += bytes;
    byType[t.TypeName ?? "?"] = byType.GetValueOrDefault(t.TypeName ?? "?") + bytes;
    var cs = ev.CallStack();
    var list = new List<string>();
    var seen = new HashSet<string>();
    for (var f = cs; f != null; f = f.Caller)
    {
        var name = f.CodeAddress.FullMethodName;
        if (string.IsNullOrEmpty(name)) name = f.CodeAddress.ModuleName + "!?";
        list.Add(name);
        if (seen.Add(name)) byFrame[name] = byFrame.GetValueOrDefault(name) + bytes;
    }
    var key = (t.TypeName ?? "?") + "  <=  " + string.Join("  <  ", list.Take(frames));
    byStack[key] = byStack.GetValueOrDefault(key) + bytes;
}
Console.WriteLine($"total sampled bytes {total:N0}");
Console.WriteLine("== by type");
foreach (var (k, v) in byType.OrderByDescending(p => p.Value).Take(40)) Console.WriteLine($"{100.0 * v / total,6:F1}%  {k}");
Console.WriteLine("== inclusive by frame");
foreach (var (k, v) in byFrame.OrderByDescending(p => p.Value).Take(120)) Console.WriteLine($"{100.0 * v / total,6:F1}%  {k}");
Console.WriteLine("== by stack");
foreach (var (k, v) in byStack.OrderByDescending(p => p.Value).Take(60)) Console.WriteLine($"{100.0 * v / total,6:F1}%  {k}");

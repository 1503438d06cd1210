// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using System.Text;

namespace Tessera.Core.Portability;

/// <summary>What an import created, updated and left as it was, by kind of object.</summary>
public sealed class ImportReport
{
    private readonly SortedDictionary<string, int[]> counts = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, (int Created, int Updated, int Skipped)> Counts
        => counts.ToDictionary(c => c.Key, c => (c.Value[0], c.Value[1], c.Value[2]), StringComparer.Ordinal);

    public int Created => counts.Values.Sum(c => c[0]);

    public int Updated => counts.Values.Sum(c => c[1]);

    public int Skipped => counts.Values.Sum(c => c[2]);

    /// <summary>Users read so far, for progress.</summary>
    public int Users => counts.TryGetValue("users", out var c) ? c.Sum() : 0;

    public void Add(string kind, ImportOutcome outcome)
    {
        if (!counts.TryGetValue(kind, out var c))
        {
            counts[kind] = c = new int[3];
        }

        c[(int)outcome]++;
    }

    public void AddRange(string kind, IEnumerable<ImportOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        foreach (var outcome in outcomes)
        {
            Add(kind, outcome);
        }
    }

    /// <summary>One line per kind: <c>users: 3 created, 1 updated, 0 skipped</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (kind, c) in counts)
        {
            text.Append(CultureInfo.InvariantCulture, $"{kind}: {c[0]} created, {c[1]} updated, {c[2]} skipped\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"total: {Created} created, {Updated} updated, {Skipped} skipped");
        return text.ToString();
    }
}

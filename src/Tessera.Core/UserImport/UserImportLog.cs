// SPDX-License-Identifier: Apache-2.0
using System.Text;

namespace Tessera.Core.UserImport;

/// <summary>
/// A job's log in the form AWS writes to CloudWatch Logs (developer guide, "Viewing the user pool import results"):
/// <c>[SKIPPED] Line Number 5 - The user already exists.</c>. Tessera keeps the skipped and failed lines (imported
/// users are counted, not listed), at most <see cref="MaxEntries"/> of them.
/// </summary>
public sealed class UserImportLog(string existing)
{
    public const int MaxEntries = 1000;

    private readonly StringBuilder text = new(existing);
    private int entries = existing.Length == 0 ? 0 : existing.Count(c => c == '\n');

    /// <summary>The first entry, for the CompletionMessage.</summary>
    public string? First => text.Length == 0 ? null : text.ToString().Split('\n', 2)[0];

    public string Text => text.ToString();

    public void Add(string outcome, int lineNumber, string message)
    {
        if (entries < MaxEntries)
        {
            text.Append('[').Append(outcome).Append("] Line Number ").Append(lineNumber).Append(" - ").Append(message).Append('\n');
        }
        else if (entries == MaxEntries)
        {
            text.Append("[INFO] The log keeps the first ").Append(MaxEntries).Append(" skipped and failed lines; the counts include the rest.\n");
        }

        entries++;
    }
}

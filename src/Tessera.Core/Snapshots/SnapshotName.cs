// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Snapshots;

/// <summary>
/// The name a snapshot is saved under. It becomes a file name, so it is 1 to 64 ASCII letters, digits,
/// '.', '_' or '-', beginning with a letter or a digit: no path, no hidden file, nothing a shell quotes.
/// </summary>
public sealed record SnapshotName
{
    public const int MaxLength = 64;

    private SnapshotName(string value) => Value = value;

    public string Value { get; }

    /// <summary>The name, or <see cref="SnapshotError.InvalidName"/> when it breaks the rule.</summary>
    public static SnapshotName Parse(string? value)
        => IsValid(value) ? new SnapshotName(value!) : throw SnapshotException.InvalidName(value);

    public static bool IsValid(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength || !char.IsAsciiLetterOrDigit(value[0]))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => Value;
}

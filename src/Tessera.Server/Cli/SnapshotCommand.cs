// SPDX-License-Identifier: Apache-2.0
using System.CommandLine;
using System.Text;
using System.Text.Json;

namespace Tessera.Server.Cli;

/// <summary><c>tessera snapshot save|restore|list|delete</c>: named copies of a running start-dev's whole state (docs/test-suites.md).</summary>
internal static class SnapshotCommand
{
    public static Command Create()
    {
        var command = new Command("snapshot", "Save a running start-dev's whole state under a name, and restore it in milliseconds.");
        command.Subcommands.Add(Named("save", "Save the current state under NAME (replacing a snapshot of that name).", HttpMethod.Put, string.Empty,
            (name, a) => $"Saved snapshot '{name}' ({DevStateClient.Size(a.GetProperty("sizeBytes").GetInt64())}) in {DevStateClient.Milliseconds(a)}."));
        command.Subcommands.Add(Named("restore", "Replace the current state with the snapshot NAME.", HttpMethod.Post, "/restore",
            (name, a) => $"Restored snapshot '{name}' (saved {a.GetProperty("createdAt").GetString()}) in {DevStateClient.Milliseconds(a)}."));
        command.Subcommands.Add(Named("delete", "Delete the snapshot NAME.", HttpMethod.Delete, string.Empty,
            (name, _) => $"Deleted snapshot '{name}'."));

        var url = DevStateClient.UrlOption();
        var list = new Command("list", "List the snapshots: name, when saved, size.") { url };
        list.SetAction((result, cancellationToken) => DevStateClient.SendAsync(result.GetValue(url)!, HttpMethod.Get, "_dev/snapshots", Table, cancellationToken));
        command.Subcommands.Add(list);
        return command;
    }

    private static Command Named(string verb, string description, HttpMethod method, string suffix, Func<string, JsonElement, string> describe)
    {
        var name = new Argument<string>("NAME") { Description = "1 to 64 letters, digits, '.', '_' or '-'." };
        var url = DevStateClient.UrlOption();
        var command = new Command(verb, description) { name, url };
        command.SetAction((result, cancellationToken) =>
        {
            var value = result.GetValue(name)!;
            return DevStateClient.SendAsync(result.GetValue(url)!, method, $"_dev/snapshots/{Uri.EscapeDataString(value)}{suffix}", a => describe(value, a), cancellationToken);
        });
        return command;
    }

    private static string Table(JsonElement answer)
    {
        var snapshots = answer.GetProperty("snapshots");
        if (snapshots.GetArrayLength() == 0)
        {
            return "No snapshots.";
        }

        var rows = snapshots.EnumerateArray()
            .Select(s => (Name: s.GetProperty("name").GetString()!, Saved: s.GetProperty("createdAt").GetString()!, Size: DevStateClient.Size(s.GetProperty("sizeBytes").GetInt64())))
            .ToList();
        var width = Math.Max("NAME".Length, rows.Max(r => r.Name.Length));
        var table = new StringBuilder();
        table.Append("NAME".PadRight(width)).Append("  SAVED                     SIZE");
        foreach (var (name, saved, size) in rows)
        {
            table.AppendLine().Append(name.PadRight(width)).Append("  ").Append(saved.PadRight(24)).Append("  ").Append(size);
        }

        return table.ToString();
    }
}

// SPDX-License-Identifier: Apache-2.0
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Tessera.Core.Portability;

namespace Tessera.Server.Cli;

/// <summary>
/// <c>tessera import FILE|FOLDER</c>: reads export files into the store (docs/portability.md); also what
/// <c>start-dev --import</c> and <c>Tessera:Import:Path</c> run before the server listens.
/// </summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("PATH") { Description = "An export or seed file, or a folder whose *.json files are imported in name order." };
        var secretsKey = ExportCommand.SecretsKeyOption();
        var command = new Command("import", "Create or update pools, clients, users and identity pools from export files (docs/portability.md).") { path, secretsKey };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (result, cancellationToken) =>
        {
            var app = await StoreCommand.OpenAsync([.. result.UnmatchedTokens]).ConfigureAwait(false);
            if (app is null)
            {
                return 2;
            }

            await using (app.ConfigureAwait(false))
            {
                var key = result.GetValue(secretsKey) ?? Environment.GetEnvironmentVariable(ExportCommand.SecretsKeyVariable);
                return await RunAsync(app.Services, result.GetValue(path)!, key, Console.Out, cancellationToken).ConfigureAwait(false) ? 0 : 2;
            }
        });
        return command;
    }

    /// <summary>Imports <paramref name="path"/>, a file or a folder of *.json files; reports to <paramref name="output"/>, errors and progress to stderr.</summary>
    public static async Task<bool> RunAsync(IServiceProvider services, string path, string? secretsKey, TextWriter output, CancellationToken cancellationToken)
    {
        string[] files;
        if (Directory.Exists(path))
        {
            files = [.. Directory.GetFiles(path, "*.json").Order(StringComparer.Ordinal)];
        }
        else if (File.Exists(path))
        {
            files = [path];
        }
        else
        {
            await Console.Error.WriteLineAsync($"Nothing to import at {path}: no such file or folder.").ConfigureAwait(false);
            return false;
        }

        foreach (var file in files)
        {
            var clock = Stopwatch.StartNew();
            var lastProgress = TimeSpan.Zero;
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            await using var scope = services.CreateAsyncScope();
            ImportReport report;
            try
            {
                report = await scope.ServiceProvider.GetRequiredService<ImportService>().ImportAsync(
                    stream,
                    new ImportOptions
                    {
                        SecretsKey = secretsKey,
                        Progress = r =>
                        {
                            if (clock.Elapsed - lastProgress < TimeSpan.FromSeconds(2) || stream.Length < (1 << 20))
                            {
                                return;
                            }

                            lastProgress = clock.Elapsed;
                            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                                $"  {Path.GetFileName(file)}: {r.Users:N0} users, {stream.Position * 100 / stream.Length} % read ({clock.Elapsed.TotalSeconds:F0} s)"));
                        },
                    },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (PortabilityException e)
            {
                await Console.Error.WriteLineAsync($"{file}: {e.Message} Nothing from this file was imported.").ConfigureAwait(false);
                return false;
            }

            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Imported {file} in {clock.Elapsed.TotalSeconds:F1} s:")).ConfigureAwait(false);
            await output.WriteLineAsync("  " + report.ToString().Replace("\n", "\n  ", StringComparison.Ordinal)).ConfigureAwait(false);
        }

        return true;
    }
}

// SPDX-License-Identifier: Apache-2.0
using System.CommandLine;
using Tessera.Server.Hosting;

namespace Tessera.Server.Cli;

/// <summary>The <c>tessera</c> command: <c>start</c>, <c>start-dev</c>, <c>migrate</c>, <c>keys rotate</c>, <c>certificate</c>, <c>export</c>, <c>import</c>, <c>console bootstrap-admin</c>, and start-dev's <c>reset</c> and <c>snapshot</c>. Unrecognised tokens go to ASP.NET Core configuration (<c>--Tessera:Region=eu-west-1</c>).</summary>
internal static class TesseraCli
{
    public static Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Tessera: a self-hosted identity service that speaks AWS Cognito's protocols.");
        root.Subcommands.Add(StartCommand("start-dev", "Start on http://localhost:9229 with an embedded SQLite store in ./.tessera and the development inbox.", TesseraMode.Development));
        root.Subcommands.Add(StartCommand("start", "Start for production: requires admin keys, a public URL and a master key.", TesseraMode.Production));
        root.Subcommands.Add(MigrateCommand.Create());
        root.Subcommands.Add(RotateKeysCommand.Create());
        root.Subcommands.Add(CertificateCommand.Create());
        root.Subcommands.Add(ResetCommand.Create());
        root.Subcommands.Add(SnapshotCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(ConsoleCommand.Create());
        // SIGTERM and Ctrl-C belong to the ASP.NET Core host, which stops accepting and drains the requests in flight
        // (up to its shutdown timeout); System.CommandLine's own handling would end the process 2 s after the signal.
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }

    private static Command StartCommand(string name, string description, TesseraMode mode)
    {
        var seed = new Option<string>("--import")
        {
            Description = "Import this export or seed file, or folder of them, before listening (as Tessera:Import:Path; docs/portability.md).",
        };
        var command = new Command(name, description) { TreatUnmatchedTokensAsErrors = false };
        command.Options.Add(seed);
        command.SetAction(async (result, cancellationToken) =>
        {
            WebApplication app;
            try
            {
                app = TesseraApp.Create([.. result.UnmatchedTokens], mode);
            }
            catch (InvalidOperationException e)
            {
                await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
                return 2;
            }

            try
            {
                await TesseraApp.PrepareStoreAsync(app).ConfigureAwait(false);
            }
            catch (Tessera.Storage.SchemaMismatchException e)
            {
                await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
                return 2;
            }

            // Declarative seeding: the same files `tessera import` reads, imported again at every start (idempotent).
            if ((result.GetValue(seed) ?? app.Configuration["Tessera:Import:Path"]) is { Length: > 0 } path
                && !await ImportCommand.RunAsync(app.Services, path, app.Configuration["Tessera:Import:SecretsKey"] ?? Environment.GetEnvironmentVariable(ExportCommand.SecretsKeyVariable), Console.Out, cancellationToken).ConfigureAwait(false))
            {
                return 2;
            }

            try
            {
                await app.RunAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                await Console.Error.WriteLineAsync(
                    $"Cannot listen: {e.Message.TrimEnd('.')}. Another process uses that port: stop it, or start Tessera on another port with --urls http://localhost:<port>.").ConfigureAwait(false);
                return 2;
            }

            return 0;
        });
        return command;
    }
}

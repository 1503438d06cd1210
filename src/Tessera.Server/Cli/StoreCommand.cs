// SPDX-License-Identifier: Apache-2.0
using Tessera.Server.Hosting;

namespace Tessera.Server.Cli;

/// <summary>The store and master key as <c>start-dev</c> would open them (or as configured), for verbs that work on the store and exit.</summary>
internal static class StoreCommand
{
    /// <summary>The host built (not started) with its store migrated; null after printing why it cannot be.</summary>
    public static async Task<WebApplication?> OpenAsync(string[] args)
    {
        WebApplication app;
        try
        {
            app = TesseraApp.Create(args, TesseraMode.Development);
        }
        catch (InvalidOperationException e)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return null;
        }

        try
        {
            await TesseraApp.PrepareStoreAsync(app).ConfigureAwait(false);
        }
        catch (Tessera.Storage.SchemaMismatchException e)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            return null;
        }

        return app;
    }
}

// SPDX-License-Identifier: Apache-2.0
using System.CommandLine;
using System.Text;
using Tessera.Server.AdminConsole;

namespace Tessera.Server.Cli;

/// <summary><c>tessera console bootstrap-admin</c>: the console's administration pool, client, domain and first administrator (docs/console.md).</summary>
internal static class ConsoleCommand
{
    public const string PasswordVariable = "TESSERA_ADMIN_PASSWORD";

    public static Command Create()
    {
        var username = new Option<string>("--username") { Description = "The first administrator's user name.", DefaultValueFactory = _ => "admin" };
        var password = new Option<string>("--password") { Description = $"Their password (else ${PasswordVariable}, else a prompt)." };
        var email = new Option<string>("--email") { Description = "Their email address (verified)." };
        var poolName = new Option<string>("--pool-name") { Description = "The administration pool's name.", DefaultValueFactory = _ => ConsoleBootstrap.DefaultPoolName };
        var domain = new Option<string>("--domain") { Description = "The domain prefix of its hosted UI.", DefaultValueFactory = _ => ConsoleBootstrap.DefaultDomain };
        var bootstrap = new Command("bootstrap-admin", "Create (or find) the console's administration pool, its app client and domain, and the first administrator; prints the settings for start. Run it with start's configuration (the same store, master key and public URL).")
        {
            username, password, email, poolName, domain,
        };
        bootstrap.TreatUnmatchedTokensAsErrors = false;
        bootstrap.SetAction(async (result, cancellationToken) =>
        {
            var app = await StoreCommand.OpenAsync([.. result.UnmatchedTokens]).ConfigureAwait(false);
            if (app is null)
            {
                return 2;
            }

            await using (app.ConfigureAwait(false))
            {
                var secret = result.GetValue(password) ?? Environment.GetEnvironmentVariable(PasswordVariable);
                var request = new ConsoleBootstrapRequest(result.GetValue(username)!, secret, result.GetValue(email), result.GetValue(poolName)!, result.GetValue(domain)!);
                if (string.IsNullOrEmpty(secret))
                {
                    request = request with { Password = await PromptAsync(request.Username).ConfigureAwait(false) };
                }

                return await ConsoleBootstrap.RunAsync(app.Services, request, Console.Out, cancellationToken).ConfigureAwait(false) ? 0 : 2;
            }
        });
        return new Command("console", "The admin console at /console (docs/console.md).") { bootstrap };
    }

    /// <summary>Reads the password from the terminal without echo, or a line of standard input when it is not a terminal.</summary>
    private static async Task<string?> PromptAsync(string username)
    {
        await Console.Error.WriteAsync($"Password for {username} (used only if the administrator does not exist yet): ").ConfigureAwait(false);
        if (Console.IsInputRedirected)
        {
            return (await Console.In.ReadLineAsync().ConfigureAwait(false))?.TrimEnd('\r');
        }

        var typed = new StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }

        await Console.Error.WriteLineAsync().ConfigureAwait(false);
        return typed.ToString();
    }
}

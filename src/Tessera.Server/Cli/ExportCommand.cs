// SPDX-License-Identifier: Apache-2.0
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Tessera.Core.Portability;

namespace Tessera.Server.Cli;

/// <summary>
/// <c>tessera export</c>: writes every pool (or one) to a file in the export format (docs/portability.md), reading the
/// store and master key from the settings <c>start</c> reads; secrets sealed under the operator's key.
/// </summary>
internal static class ExportCommand
{
    public const string SecretsKeyVariable = "TESSERA_SECRETS_KEY";

    public static Option<string> SecretsKeyOption() => new("--secrets-key")
    {
        Description = $"The key (a passphrase) that seals the file's secrets; or the environment variable {SecretsKeyVariable}.",
    };

    /// <summary>The file's secrets: in clear when asked, else sealed under <paramref name="key"/>; null after saying why there is no key.</summary>
    public static async Task<PortableSecrets?> SecretsAsync(bool plaintext, string? key)
    {
        try
        {
            return plaintext ? PortableSecrets.CreatePlaintext() : PortableSecrets.Create(key ?? string.Empty);
        }
        catch (PortabilityException e)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return null;
        }
    }

    public static Command Create()
    {
        var output = new Option<FileInfo>("--output", "-o") { Description = "The file to write (default: standard output)." };
        var pool = new Option<string>("--pool") { Description = "Export only this user pool (and the identity pools that use it)." };
        var secretsKey = SecretsKeyOption();
        var plaintext = new Option<bool>("--plaintext-secrets") { Description = "Write client secrets, TOTP secrets, SRP verifiers and private keys in clear. Only for test data." };
        var command = new Command("export", "Write pools, clients, users and identity pools to a JSON file (docs/portability.md).") { output, pool, secretsKey, plaintext };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (result, cancellationToken) =>
        {
            var key = result.GetValue(secretsKey) ?? Environment.GetEnvironmentVariable(SecretsKeyVariable);
            if (await SecretsAsync(result.GetValue(plaintext), key).ConfigureAwait(false) is not { } secrets)
            {
                return 2;
            }

            var app = await StoreCommand.OpenAsync([.. result.UnmatchedTokens]).ConfigureAwait(false);
            if (app is null)
            {
                return 2;
            }

            await using (app.ConfigureAwait(false))
            {
                var file = result.GetValue(output);
                var clock = Stopwatch.StartNew();
                await using var scope = app.Services.CreateAsyncScope();
                await using var stream = file is null ? Console.OpenStandardOutput() : new FileStream(file.FullName, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                long users;
                try
                {
                    users = await scope.ServiceProvider.GetRequiredService<ExportService>().ExportAsync(
                        stream,
                        new ExportOptions
                        {
                            UserPoolId = result.GetValue(pool),
                            Secrets = secrets,
                            Progress = n => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {n:N0} users written ({clock.Elapsed.TotalSeconds:F0} s)")),
                        },
                        cancellationToken).ConfigureAwait(false);
                }
                catch (PortabilityException e)
                {
                    await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
                    return 2;
                }

                await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"Exported {users:N0} users to {file?.FullName ?? "standard output"} in {clock.Elapsed.TotalSeconds:F1} s, secrets {(secrets.IsPlaintext ? "IN CLEAR (--plaintext-secrets)" : "sealed under the secrets key")}.")).ConfigureAwait(false);
                return 0;
            }
        });
        return command;
    }
}

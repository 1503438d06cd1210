// SPDX-License-Identifier: Apache-2.0
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace Tessera.Server.Cli;

/// <summary>
/// <c>tessera migrate-from-cognito --pool ID</c>: reads a user pool (and the identity pools that trust it) through the
/// Cognito API of AWS or any endpoint, with the AWS SDK's credential chain, and writes an export file, imports it into
/// this store, or both (docs/portability.md). Users arrive without passwords, in RESET_REQUIRED.
/// </summary>
internal static class MigrateFromCognitoCommand
{
    public static Command Create()
    {
        var pool = new Option<string>("--pool") { Description = "The user pool to read (its id, <region>_<id>).", Required = true };
        var region = new Option<string>("--region") { Description = "The source's region (default: AWS_REGION, AWS_DEFAULT_REGION, else the pool id's)." };
        var endpoint = new Option<string>("--endpoint-url") { Description = "The source's Cognito endpoint, for both services (default: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL, else AWS's)." };
        var profile = new Option<string>("--profile") { Description = "An AWS profile of the shared credentials or config file (default: the AWS SDK's credential chain, AWS_PROFILE included)." };
        var output = new Option<FileInfo>("--output", "-o") { Description = "Write the export file here." };
        var import = new Option<bool>("--import") { Description = "Import what was read into this Tessera's store (the storage settings of `start`)." };
        var secretsKey = ExportCommand.SecretsKeyOption();
        var plaintext = new Option<bool>("--plaintext-secrets") { Description = "Write client secrets in clear in the output file. Only for test data." };
        var withoutUsers = new Option<bool>("--without-users") { Description = "Read the configuration only; users then come at their first sign-in through a UserMigration trigger." };
        var command = new Command("migrate-from-cognito", "Read a user pool through the Cognito API into an export file or this store (docs/portability.md).")
        {
            pool, region, endpoint, profile, output, import, secretsKey, plaintext, withoutUsers,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (result, cancellationToken) =>
        {
            var file = result.GetValue(output);
            var importing = result.GetValue(import);
            if (file is null && !importing)
            {
                await Console.Error.WriteLineAsync("Say where the pool goes: --output FILE, --import, or both.").ConfigureAwait(false);
                return 2;
            }

            // Imported only, the file is a temporary one sealed under a random key that never leaves this process.
            var key = file is null ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) : result.GetValue(secretsKey) ?? Environment.GetEnvironmentVariable(ExportCommand.SecretsKeyVariable);
            if (await ExportCommand.SecretsAsync(result.GetValue(plaintext), key).ConfigureAwait(false) is not { } secrets)
            {
                return 2;
            }

            var endpointUrl = result.GetValue(endpoint);
            if (endpointUrl is not null && !Uri.TryCreate(endpointUrl, UriKind.Absolute, out _))
            {
                await Console.Error.WriteLineAsync($"--endpoint-url {endpointUrl} is not an absolute URL (https://cognito-idp.us-east-1.amazonaws.com).").ConfigureAwait(false);
                return 2;
            }

            var poolId = result.GetValue(pool)!;
            var sourceRegion = result.GetValue(region) ?? Environment.GetEnvironmentVariable("AWS_REGION") ?? Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION") ?? poolId.Split('_')[0];
            var path = file?.FullName ?? Path.Combine(Path.GetTempPath(), $"tessera-migrate-{Guid.NewGuid():N}.json");
            var clock = Stopwatch.StartNew();
            CognitoMigrationCounts counts;
            try
            {
                var credentials = await CognitoSource.CredentialsAsync(result.GetValue(profile)).ConfigureAwait(false);
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
                var source = new CognitoSource(http, Endpoint(endpointUrl, "COGNITO_IDENTITY_PROVIDER", $"https://cognito-idp.{sourceRegion}.amazonaws.com/"),
                    Endpoint(endpointUrl, "COGNITO_IDENTITY", $"https://cognito-identity.{sourceRegion}.amazonaws.com/"), sourceRegion, credentials, TimeProvider.System);
                await using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                counts = await new CognitoPoolExporter(source, secrets, TimeProvider.System).ExportAsync(
                    poolId, !result.GetValue(withoutUsers), stream, n => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {n:N0} users read ({clock.Elapsed.TotalSeconds:F0} s)")), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is CognitoSourceException or HttpRequestException or Amazon.Runtime.AmazonClientException or Amazon.Runtime.AmazonServiceException or TaskCanceledException)
            {
                await Console.Error.WriteLineAsync($"Cannot read {poolId}: {e.Message}").ConfigureAwait(false);
                Delete(file is null ? path : null);
                return 2;
            }

            var written = file is null ? "." : $", written to {file.FullName}.";
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Read {poolId}: {counts.Clients} clients, {counts.Groups} groups, {counts.Users:N0} users (RESET_REQUIRED, no passwords), {counts.IdentityPools} identity pools in {clock.Elapsed.TotalSeconds:F1} s{written}")).ConfigureAwait(false);
            if (!importing)
            {
                return 0;
            }

            try
            {
                var app = await StoreCommand.OpenAsync([.. result.UnmatchedTokens]).ConfigureAwait(false);
                if (app is null)
                {
                    return 2;
                }

                await using (app.ConfigureAwait(false))
                {
                    return await ImportCommand.RunAsync(app.Services, path, secrets.IsPlaintext ? null : key, Console.Out, cancellationToken).ConfigureAwait(false) ? 0 : 2;
                }
            }
            finally
            {
                Delete(file is null ? path : null);
            }
        });
        return command;
    }

    /// <summary>The endpoint given, else the AWS SDKs' service-specific and global environment variables, else AWS's.</summary>
    private static Uri Endpoint(string? given, string service, string aws)
        => new(given ?? Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_" + service) ?? Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL") ?? aws);

    private static void Delete(string? path)
    {
        if (path is not null)
        {
            File.Delete(path);
        }
    }
}

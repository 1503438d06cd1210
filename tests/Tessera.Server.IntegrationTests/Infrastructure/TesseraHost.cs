// SPDX-License-Identifier: Apache-2.0
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Server.Hosting;
using Tessera.Server.SigV4;

namespace Tessera.Server.IntegrationTests.Infrastructure;

/// <summary>
/// A whole Tessera (start-dev) in process on a test server, with its own SQLite file. Calls are signed
/// with SigV4 like an AWS SDK would. Password hashing is cheap here; production cost is the benchmarks' business.
/// </summary>
public sealed class TesseraHost : IAsyncDisposable
{
    public const string AccessKeyId = "AKIDTESSERATEST";
    public const string SecretAccessKey = "test-secret-key";
    private readonly WebApplication app;
    private readonly bool ownsDirectory;

    private TesseraHost(WebApplication app, string directory, bool ownsDirectory)
    {
        this.app = app;
        this.ownsDirectory = ownsDirectory;
        Directory = directory;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }

    public string Directory { get; }

    public IServiceProvider Services => app.Services;

    /// <summary>A handler that reaches this Tessera without a socket, for other in-process hosts' back channels.</summary>
    public HttpMessageHandler CreateHandler() => app.GetTestServer().CreateHandler();

    /// <summary>
    /// Starts a host; given a <paramref name="directory"/>, it keeps it on dispose (the caller owns it), so a later host can start on it.
    /// Given a <paramref name="time"/>, the host's clock is that one (token expiry tests); <paramref name="services"/> replaces true edges (a fake Lambda).
    /// <paramref name="mode"/> <see cref="TesseraMode.Production"/> is <c>start</c>, which also needs a public URL and a master key in <paramref name="settings"/>.
    /// </summary>
    public static async Task<TesseraHost> StartAsync(
        IDictionary<string, string?>? settings = null,
        string? directory = null,
        TimeProvider? time = null,
        Action<IServiceCollection>? services = null,
        TesseraMode mode = TesseraMode.Development)
    {
        var ownsDirectory = directory is null;
        directory ??= NewDirectory();
        var values = new Dictionary<string, string?>
        {
            ["Tessera:Storage:DataDirectory"] = directory,
            // The near-zero-cost Argon2id hash: tests are about everything but its cost.
            ["Tessera:Passwords:MemoryKiB"] = "8",
            ["Tessera:Passwords:Passes"] = "1",
            // The tests move a fake clock; a purge running beside them would race what they check.
            ["Tessera:Housekeeping:Enabled"] = "false",
            ["Tessera:Admin:AccessKeyId"] = AccessKeyId,
            ["Tessera:Admin:SecretAccessKey"] = SecretAccessKey,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var app = TesseraApp.Create([], mode, builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Configuration.AddInMemoryCollection(values);
            if (time is not null)
            {
                builder.Services.AddSingleton(time);
            }

            services?.Invoke(builder.Services);
        });
        await TesseraApp.PrepareStoreAsync(app);
        await app.StartAsync();
        return new TesseraHost(app, directory, ownsDirectory);
    }

    public static string NewDirectory() => Path.Combine(Path.GetTempPath(), "tessera-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Removes a test's data directory; a leftover temp folder is harmless.</summary>
    public static void DeleteDirectory(string directory)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Still open somewhere; the temp folder is cleaned eventually.
        }
    }

    /// <summary>Calls a user-pool operation and returns its output; throws <see cref="AwsErrorException"/> on an error answer.</summary>
    public Task<JsonObject> CallAsync(string operation, object body, bool sign = true)
        => CallServiceAsync("AWSCognitoIdentityProviderService", "cognito-idp", operation, body, sign);

    public async Task<JsonObject> CallServiceAsync(string targetPrefix, string service, string operation, object body, bool sign = true)
    {
        using var response = await SendAsync(targetPrefix, service, operation, JsonSerializer.Serialize(body), sign);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            var error = JsonNode.Parse(text)!.AsObject();
            throw new AwsErrorException((int)response.StatusCode, error["__type"]!.GetValue<string>(), error["message"]?.GetValue<string>() ?? string.Empty);
        }

        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Sends a raw body, for bad-input tests; the response is the caller's to inspect.</summary>
    public async Task<HttpResponseMessage> SendAsync(string targetPrefix, string service, string operation, string body, bool sign = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", $"{targetPrefix}.{operation}");
        if (sign)
        {
            Sign(request, Encoding.UTF8.GetBytes(body), service, SecretAccessKey);
        }

        return await Client.SendAsync(request);
    }

    /// <summary>Signs like botocore: host, x-amz-date and x-amz-target under the given secret.</summary>
    public static void Sign(HttpRequestMessage request, byte[] body, string service, string secret, string accessKeyId = AccessKeyId, DateTimeOffset? at = null)
    {
        var now = at ?? TimeProvider.System.GetUtcNow();
        var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        var headers = new List<KeyValuePair<string, string>>
        {
            new("host", "localhost"),
            new("x-amz-date", amzDate),
            new("x-amz-target", request.Headers.GetValues("X-Amz-Target").First()),
        };
        var signed = new[] { "host", "x-amz-date", "x-amz-target" };
        var sigRequest = new SigV4Request("POST", "/", string.Empty, headers, body);
        var authorization = new SigV4Authorization(accessKeyId, amzDate[..8], "us-east-1", service, signed, new string('0', 64));
        var signature = SigV4Verifier.ExpectedSignature(sigRequest, authorization, secret);
        request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential={accessKeyId}/{amzDate[..8]}/us-east-1/{service}/aws4_request, SignedHeaders={string.Join(';', signed)}, Signature={signature}");
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (ownsDirectory)
        {
            DeleteDirectory(Directory);
        }
    }

    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

public sealed class AwsErrorException(int status, string type, string message) : Exception($"{type} ({status}): {message}")
{
    public int Status { get; } = status;
    public string Type { get; } = type;
    public string AwsMessage { get; } = message;
}

// SPDX-License-Identifier: Apache-2.0
using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Tessera.Server.Hosting;

namespace Tessera.Server.Cli;

/// <summary>
/// What <c>tessera reset</c> and <c>tessera snapshot …</c> share: they ask the running start-dev over HTTP
/// (<c>/_dev/…</c>), because only the server can close its request gate and empty its caches; writing to
/// its database from another process behind its back would leave it serving what it cached before.
/// </summary>
internal static class DevStateClient
{
    public const string UrlVariable = "TESSERA_URL";

    public static Option<Uri> UrlOption() => new("--url")
    {
        Description = $"The running Tessera (start-dev). Default: ${UrlVariable}, else {TesseraApp.DefaultUrl}.",
        DefaultValueFactory = result => ParseUrl(Environment.GetEnvironmentVariable(UrlVariable) is { Length: > 0 } url ? url : TesseraApp.DefaultUrl, UrlVariable, result)!,
        CustomParser = result => ParseUrl(result.Tokens[^1].Value, "--url", result)!,
    };

    /// <summary>Sends the call; on success prints what <paramref name="describe"/> makes of the JSON answer, else the server's message.</summary>
    public static async Task<int> SendAsync(Uri server, HttpMethod method, string path, Func<JsonElement, string> describe, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var request = new HttpRequestMessage(method, path);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            await Console.Error.WriteLineAsync(
                $"No Tessera answers at {server} ({e.Message}). Reset and snapshots ask a running start-dev: start it, or pass --url (or set {UrlVariable}).").ConfigureAwait(false);
            return 1;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            using var json = Parse(body);
            if (response.IsSuccessStatusCode)
            {
                Console.WriteLine(describe(json?.RootElement ?? default));
                return 0;
            }

            var message = json is not null && json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("message", out var m)
                ? m.GetString()
                : $"{(int)response.StatusCode} {response.ReasonPhrase}: {server} does not offer reset and snapshots (is it Tessera's start-dev?)";
            await Console.Error.WriteLineAsync(message).ConfigureAwait(false);
            return 1;
        }
    }

    private static Uri? ParseUrl(string value, string source, System.CommandLine.Parsing.ArgumentResult result)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return uri;
        }

        result.AddError($"{source} must be an http or https URL such as {TesseraApp.DefaultUrl}, not '{value}'.");
        return null;
    }

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB"),
    };

    public static string Milliseconds(JsonElement answer)
        => answer.TryGetProperty("elapsedMs", out var ms) ? string.Create(CultureInfo.InvariantCulture, $"{ms.GetDouble():0.#} ms") : "?";

    private static JsonDocument? Parse(string body)
    {
        try
        {
            return body.Length == 0 ? null : JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

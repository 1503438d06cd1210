// SPDX-License-Identifier: Apache-2.0
using System.Text;
using System.Text.Json;
using Tessera.Core.OAuth;

namespace Tessera.Server.OAuth;

/// <summary>Writes RFC 6749 §5.1/§5.2 JSON bodies and builds redirect URIs that keep the client's own query.</summary>
internal static class OAuthResponses
{
    public static async Task WriteErrorAsync(HttpContext context, OAuthException error)
    {
        NoStore(context);
        context.Response.StatusCode = error.StatusCode;
        if (error.StatusCode == 401)
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"tessera\"";
        }

        await WriteJsonAsync(context, w =>
        {
            w.WriteString("error", error.Error);
            if (error.Description is not null)
            {
                w.WriteString("error_description", error.Description);
            }
        }).ConfigureAwait(false);
    }

    public static async Task WriteTokensAsync(HttpContext context, OAuthTokens tokens)
    {
        NoStore(context);
        await WriteJsonAsync(context, w =>
        {
            if (tokens.IdToken is not null)
            {
                w.WriteString("id_token", tokens.IdToken);
            }

            w.WriteString("access_token", tokens.AccessToken);
            if (tokens.RefreshToken is not null)
            {
                w.WriteString("refresh_token", tokens.RefreshToken);
            }

            w.WriteNumber("expires_in", tokens.ExpiresIn);
            w.WriteString("token_type", "Bearer");
        }).ConfigureAwait(false);
    }

    public static async Task WriteJsonAsync(HttpContext context, Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        context.Response.ContentType = "application/json;charset=UTF-8";
        await context.Response.Body.WriteAsync(buffer.ToArray()).ConfigureAwait(false);
    }

    public static void NoStore(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
    }

    /// <summary>Appends parameters to a registered redirect URI, keeping any query it already has (RFC 6749 §3.1.2).</summary>
    public static string AppendQuery(string uri, IEnumerable<KeyValuePair<string, string?>> parameters)
    {
        var builder = new StringBuilder(uri);
        var separator = uri.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        foreach (var (key, value) in parameters)
        {
            if (value is null)
            {
                continue;
            }

            builder.Append(separator).Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        return builder.ToString();
    }
}

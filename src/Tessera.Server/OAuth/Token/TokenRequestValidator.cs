// SPDX-License-Identifier: Apache-2.0
using System.Net.Http.Headers;
using System.Text;
using Tessera.Core.OAuth;

namespace Tessera.Server.OAuth.Token;

/// <summary>A token or revocation request after its form and client credentials were read.</summary>
internal sealed record TokenRequest(IFormCollection Form, ClientAuthentication Client)
{
    public string? this[string name] => Form.TryGetValue(name, out var v) && v.Count == 1 && !string.IsNullOrEmpty(v[0]) ? v[0] : null;
}

/// <summary>Reads a form-encoded POST and the client's credentials, from HTTP Basic or the form (RFC 6749 §2.3.1).</summary>
internal static class TokenRequestValidator
{
    public static async Task<TokenRequest> ReadAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.HasFormContentType)
        {
            throw OAuthErrors.InvalidRequest("The request must be a POST with Content-Type application/x-www-form-urlencoded");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        // RFC 6749 §3.2: no parameter may be repeated.
        if (form.Any(f => f.Value.Count > 1))
        {
            throw OAuthErrors.InvalidRequest("A parameter was repeated");
        }

        var formId = form["client_id"].ToString();
        var formSecret = form["client_secret"].ToString();
        var header = context.Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return new TokenRequest(form, new ClientAuthentication(NullIfEmpty(formId), NullIfEmpty(formSecret), ViaBasic: false));
        }

        if (!AuthenticationHeaderValue.TryParse(header, out var parsed) || !string.Equals(parsed.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || parsed.Parameter is null)
        {
            throw OAuthErrors.InvalidClient(basicAuth: true);
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(parsed.Parameter));
        }
        catch (FormatException)
        {
            throw OAuthErrors.InvalidClient(basicAuth: true);
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw OAuthErrors.InvalidClient(basicAuth: true);
        }

        // §2.3.1: both halves are form-urlencoded before being joined.
        var id = Uri.UnescapeDataString(decoded[..colon].Replace('+', ' '));
        var secret = Uri.UnescapeDataString(decoded[(colon + 1)..].Replace('+', ' '));
        // §2.3: one authentication method per request.
        if (formSecret.Length > 0 || (formId.Length > 0 && formId != id))
        {
            throw OAuthErrors.InvalidRequest("Client credentials were given both in the Authorization header and in the body");
        }

        return new TokenRequest(form, new ClientAuthentication(id, secret, ViaBasic: true));
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}

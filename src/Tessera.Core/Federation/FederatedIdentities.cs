// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Core.Federation;

/// <summary>
/// The <c>identities</c> attribute of a user who signed in through an external provider: a JSON array of the upstream
/// identities bound to the user, as Cognito writes it, and the <c>identities</c> claim of the ID token made from it.
/// </summary>
public static class FederatedIdentities
{
    public const string Attribute = "identities";

    /// <summary>The attribute with <paramref name="userId"/> of <paramref name="provider"/> in it (once).</summary>
    public static string With(string? current, IdentityProvider provider, string userId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var list = Parse(current);
        if (!list.OfType<JsonObject>().Any(i => (string?)i["providerName"] == provider.ProviderName && (string?)i["userId"] == userId))
        {
            list.Add(new JsonObject
            {
                ["userId"] = userId,
                ["providerName"] = provider.ProviderName,
                ["providerType"] = provider.ProviderType,
                ["issuer"] = provider.ProviderType == ProviderTypes.Saml ? provider.Details.GetValueOrDefault("MetadataURL") : null,
                ["primary"] = list.Count == 0,
                ["dateCreated"] = now.ToUnixTimeMilliseconds(),
            });
        }

        return list.ToJsonString();
    }

    /// <summary>The attribute without the identities of <paramref name="providerName"/> matching <paramref name="userId"/>; null when none is left.</summary>
    public static string? Without(string? current, string providerName, string userId)
    {
        var list = Parse(current);
        foreach (var item in list.OfType<JsonObject>().Where(i => (string?)i["providerName"] == providerName && (string?)i["userId"] == userId).ToList())
        {
            list.Remove(item);
        }

        return list.Count == 0 ? null : list.ToJsonString();
    }

    /// <summary>
    /// The ID token claim: an array of objects whose <c>primary</c> and <c>dateCreated</c> are strings, as in Cognito's
    /// ID tokens ("primary": "true", "dateCreated": "1642699117273").
    /// </summary>
    public static List<object> Claim(string attribute)
    {
        var claim = new List<object>();
        foreach (var item in Parse(attribute).OfType<JsonObject>())
        {
            var entry = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (key, value) in item)
            {
                entry[key] = value is null ? null : value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
            }

            claim.Add(entry);
        }

        return claim;
    }

    private static JsonArray Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        try
        {
            return JsonNode.Parse(json) as JsonArray ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}

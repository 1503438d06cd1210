// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Server.CognitoIdp.Shapes;

/// <summary>Moves members between a request or response record and a stored document, byte for byte as the client sent them.</summary>
internal static class JsonMembers
{
    /// <summary>The members that were sent (absent and null ones are left out).</summary>
    public static JsonObject Of(params (string Name, JsonElement? Value)[] members)
    {
        var document = new JsonObject();
        foreach (var (name, value) in members)
        {
            if (value is { ValueKind: not JsonValueKind.Null } element)
            {
                document[name] = JsonNode.Parse(element.GetRawText());
            }
        }

        return document;
    }

    public static JsonElement? Get(JsonObject document, string name)
        => document[name] is { } node ? JsonDocument.Parse(node.ToJsonString()).RootElement.Clone() : null;

    public static string? String(JsonObject document, string name) => document[name]?.GetValue<string>();
}

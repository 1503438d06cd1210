// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Tessera.Core.Users;

namespace Tessera.Core.Triggers;

/// <summary>The pieces trigger events share: attribute maps, metadata maps, and reading answers leniently as Cognito does.</summary>
public static class TriggerJson
{
    /// <summary>The user's attributes as Cognito sends them: a string map with <c>sub</c> and the status members.</summary>
    public static JsonObject UserAttributes(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var map = new JsonObject { ["sub"] = user.Sub };
        foreach (var (name, value) in user.Attributes)
        {
            map[name] = value;
        }

        map["cognito:user_status"] = user.Status;
        return map;
    }

    /// <summary>A string map, or an empty object when there is none (Cognito sends <c>{}</c>, never null, for clientMetadata).</summary>
    public static JsonObject Map(IEnumerable<KeyValuePair<string, string>>? values)
    {
        var map = new JsonObject();
        foreach (var (key, value) in values ?? [])
        {
            map[key] = value;
        }

        return map;
    }

    public static bool Flag(JsonObject response, string name)
        => response[name] is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;

    public static string? Text(JsonObject response, string name)
        => response[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>A string map member of the answer (e.g. claimsToAddOrOverride); values that are not strings keep their JSON.</summary>
    public static IEnumerable<string> Strings(JsonNode? node)
        => node is JsonArray array ? array.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).OfType<string>() : [];
}

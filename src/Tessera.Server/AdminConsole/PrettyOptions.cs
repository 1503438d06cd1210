// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tessera.Server.AdminConsole;

/// <summary>Indented JSON for the console's read-only views and settings editors; strings for its script.</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string))]
internal sealed partial class PrettyOptions : JsonSerializerContext
{
    public static PrettyOptions Context => Default;
}

// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tessera.Core.Portability;

/// <summary>The export file's version and JSON conventions (docs/portability.md).</summary>
public static class PortableFormat
{
    /// <summary>
    /// The version this Tessera writes and the newest it reads. A change that an older reader would misread
    /// (a renamed or re-encoded field) raises it; a new optional field does not.
    /// </summary>
    public const int CurrentVersion = 1;

    /// <summary>camelCase members, nulls left out, enums by name; members are read in any letter case.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
        RespectNullableAnnotations = false,
        // Files are read by people too: "+" and non-ASCII letters stay as they are (JSON needs no escaping for them).
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

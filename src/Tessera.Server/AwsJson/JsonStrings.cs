// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;

namespace Tessera.Server.AwsJson;

/// <summary>
/// Strings no reader or store here can take. System.Text.Json parses a lone UTF-16 surrogate escape
/// (<c>"\ud800"</c>) and throws only when the string is read, wherever that happens (validation, binding, a
/// trigger's answer); PostgreSQL refuses U+0000 in text (<c>"\u0000"</c>), which SQLite would keep, so one
/// store would answer 500 where the other succeeds. JSON text is checked here once, at the door.
/// </summary>
internal static class JsonStrings
{
    /// <summary>True when every string and property name of syntactically valid JSON <paramref name="json"/> decodes to valid UTF-16 without U+0000.</summary>
    public static bool AreWellFormed(ReadOnlySpan<byte> json)
    {
        // Only an escape can spell either: raw bytes were checked as UTF-8 already, and JSON forbids raw control characters.
        if (json.IndexOf("\\u"u8) < 0)
        {
            return true;
        }

        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped
                    && reader.GetString()!.Contains('\0', StringComparison.Ordinal))
                {
                    return false;
                }
            }
        }
        catch (InvalidOperationException)
        {
            return false;
        }

        return true;
    }
}

// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Tessera.Server.AwsJson;

/// <summary>
/// The serializer options for every AWS JSON request and response. Each operation file declares a
/// small source-generated context for its own types; they are combined here at startup, so adding an
/// operation never edits a shared list.
/// </summary>
internal static class AwsJsonSerializer
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var contexts = typeof(AwsJsonSerializer).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(JsonSerializerContext)) && t.Namespace?.StartsWith("Tessera.Server", StringComparison.Ordinal) == true
                && t.GetProperty("Default", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static) is not null)
            .Select(t => (IJsonTypeInfoResolver)t.GetProperty("Default")!.GetValue(null)!)
            .ToArray();
        var options = new JsonSerializerOptions
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // AWS writes quotes, '<', '&' and non-ASCII as they are; the body is never HTML, so no
            // escaping beyond what JSON requires (names come back byte for byte as they were sent).
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            TypeInfoResolver = JsonTypeInfoResolver.Combine(contexts),
        };
        options.Converters.Add(new EpochSecondsConverter());
        options.Converters.Add(new NullableEpochSecondsConverter());
        options.MakeReadOnly();
        return options;
    }

    public static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));
}

[JsonSerializable(typeof(EmptyResponse))]
[JsonSerializable(typeof(ErrorBody))]
internal sealed partial class AwsJsonContext : JsonSerializerContext;

internal sealed record ErrorBody(
    [property: JsonPropertyName("__type")] string Type,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("reasonCode")] string? ReasonCode = null);

/// <summary>JSON 1.1 timestamps are epoch seconds (botocore JSONSerializer.TIMESTAMP_FORMAT).</summary>
internal sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => reader.TokenType == JsonTokenType.Number
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(reader.GetDouble() * 1000))
            : DateTimeOffset.Parse(reader.GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
        => writer.WriteNumberValue(Math.Round(value.ToUnixTimeMilliseconds() / 1000d, 3));
}

internal sealed class NullableEpochSecondsConverter : JsonConverter<DateTimeOffset?>
{
    private static readonly EpochSecondsConverter Inner = new();

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => reader.TokenType == JsonTokenType.Null ? null : Inner.Read(ref reader, typeof(DateTimeOffset), options);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            Inner.Write(writer, v, options);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;

namespace Tessera.Core.Portability;

/// <summary>
/// Reads a JSON document of any size from a stream token by token with <see cref="Utf8JsonReader"/>, and
/// deserializes one value at a time, so only the value being read is in memory.
/// </summary>
internal sealed class JsonStreamReader(Stream stream)
{
    private byte[] buffer = new byte[64 * 1024];
    private int start;
    private int end;
    private bool final;
    private bool started;
    private JsonReaderState state;

    public JsonTokenType TokenType { get; private set; }

    /// <summary>The string or property name just read.</summary>
    public string? StringValue { get; private set; }

    /// <summary>The integer just read, when it is one.</summary>
    public long? Int64Value { get; private set; }

    /// <summary>Bytes of the file consumed so far, for progress and for where an error is.</summary>
    public long Position { get; private set; }

    /// <summary>Reads the next token; false at the end of the document.</summary>
    public bool Read()
    {
        while (true)
        {
            var reader = new Utf8JsonReader(buffer.AsSpan(start, end - start), final, state);
            if (reader.Read())
            {
                TokenType = reader.TokenType;
                StringValue = reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName ? reader.GetString() : null;
                Int64Value = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number) ? number : null;
                Consume(ref reader);
                return true;
            }

            if (final)
            {
                return false;
            }

            Fill();
        }
    }

    /// <summary>Deserializes the next value (after a property name, or the next element of an array).</summary>
    public T? Deserialize<T>(JsonSerializerOptions options) => (T?)Deserialize(typeof(T), options);

    /// <summary>Deserializes the next value as <paramref name="type"/>.</summary>
    public object? Deserialize(Type type, JsonSerializerOptions options)
    {
        while (true)
        {
            var reader = new Utf8JsonReader(buffer.AsSpan(start, end - start), final, state);
            if (reader.Read())
            {
                var valueStart = (int)reader.TokenStartIndex;
                if (reader.TrySkip())
                {
                    // The whole value is in the buffer: deserialize exactly its bytes, then step past them.
                    var value = JsonSerializer.Deserialize(buffer.AsSpan(start + valueStart, (int)reader.BytesConsumed - valueStart), type, options);
                    TokenType = reader.TokenType;
                    Consume(ref reader);
                    return value;
                }
            }

            if (final)
            {
                throw new JsonException($"The file ends in the middle of a value (byte {Position}).");
            }

            Fill();
        }
    }

    /// <summary>The type of the next token, without reading it.</summary>
    public JsonTokenType Peek()
    {
        while (true)
        {
            var reader = new Utf8JsonReader(buffer.AsSpan(start, end - start), final, state);
            if (reader.Read())
            {
                return reader.TokenType;
            }

            if (final)
            {
                throw new JsonException($"The file ends in the middle of a value (byte {Position}).");
            }

            Fill();
        }
    }

    /// <summary>Skips the next value.</summary>
    public void Skip() => _ = Deserialize<JsonElement>(PortableFormat.Options);

    private void Consume(ref Utf8JsonReader reader)
    {
        start += (int)reader.BytesConsumed;
        Position += reader.BytesConsumed;
        state = reader.CurrentState;
    }

    private void Fill()
    {
        if (start > 0)
        {
            Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }

        if (end == buffer.Length)
        {
            Array.Resize(ref buffer, buffer.Length * 2);
        }

        var read = stream.Read(buffer, end, buffer.Length - end);
        if (read == 0)
        {
            final = true;
            return;
        }

        end += read;
        if (!started && end >= 3)
        {
            started = true;
            // A UTF-8 byte order mark, as some editors write; JSON readers may ignore it (RFC 8259 §8.1).
            if (buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF)
            {
                start = 3;
                Position = 3;
            }
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Core.Portability;

/// <summary>One piece of an export file, in file order.</summary>
internal abstract record PortableItem;

/// <summary>The file's version and secrets header, before its first pool.</summary>
internal sealed record FileHeaderItem(int FormatVersion, SecretsHeader? Secrets) : PortableItem;

/// <summary>A pool's own fields (every member before its arrays).</summary>
internal sealed record ScopeStartItem(string Scope, JsonObject Header) : PortableItem;

/// <summary>One element of one of a pool's arrays (<c>clients</c>, <c>users</c>, ...), or of a top-level array when the scope is empty.</summary>
internal sealed record ElementItem(string Scope, string Section, object Value) : PortableItem;

internal sealed record ScopeEndItem(string Scope) : PortableItem;

/// <summary>
/// Walks an export file as a stream: the header, then each pool's fields, then each element of its arrays, one at
/// a time. A pool's own members must come before its arrays, and <c>formatVersion</c> before the pools.
/// </summary>
internal static class PortableReader
{
    public const string UserPools = "userPools";
    public const string IdentityPools = "identityPools";

    /// <param name="stream">The file, read forward once.</param>
    /// <param name="sectionType">The element type of the array <c>section</c> of <c>scope</c>, or null to skip an unknown array.</param>
    public static IEnumerable<PortableItem> Read(Stream stream, Func<string, string, Type?> sectionType)
    {
        var reader = new JsonStreamReader(stream);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new PortabilityException("The file is not a Tessera export: it does not start with a JSON object.");
        }

        int? version = null;
        SecretsHeader? secrets = null;
        var headerDone = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.StringValue!;
            if (Is(name, "formatVersion"))
            {
                if (!reader.Read() || reader.Int64Value is not { } number || number is < 1 or > int.MaxValue)
                {
                    throw new PortabilityException("formatVersion must be a positive whole number.");
                }

                version = (int)number;
                continue;
            }

            if (Is(name, "secrets"))
            {
                secrets = reader.Deserialize<SecretsHeader>(PortableFormat.Options);
                continue;
            }

            var scope = Is(name, UserPools) ? UserPools : Is(name, IdentityPools) ? IdentityPools : null;
            var rootType = scope is null ? sectionType(string.Empty, name) : null;
            if (scope is null && rootType is null)
            {
                reader.Skip();
                continue;
            }

            if (!headerDone)
            {
                headerDone = true;
                yield return Header(version, secrets);
            }

            Expect(reader, JsonTokenType.StartArray, name);
            while (reader.Peek() != JsonTokenType.EndArray)
            {
                if (scope is null)
                {
                    yield return new ElementItem(string.Empty, name, reader.Deserialize(rootType!, PortableFormat.Options) ?? throw Null(name));
                    continue;
                }

                Expect(reader, JsonTokenType.StartObject, name);
                foreach (var item in ReadScope(reader, scope, sectionType))
                {
                    yield return item;
                }
            }

            reader.Read();
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw new JsonException($"Expected a property name or the end of the file's object at byte {reader.Position}.");
        }

        if (!headerDone)
        {
            yield return Header(version, secrets);
        }
    }

    private static IEnumerable<PortableItem> ReadScope(JsonStreamReader reader, string scope, Func<string, string, Type?> sectionType)
    {
        var header = new JsonObject();
        var started = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.StringValue!;
            if (reader.Peek() == JsonTokenType.StartArray && sectionType(scope, name) is { } type)
            {
                if (!started)
                {
                    started = true;
                    yield return new ScopeStartItem(scope, header);
                }

                reader.Read();
                while (reader.Peek() != JsonTokenType.EndArray)
                {
                    yield return new ElementItem(scope, name, reader.Deserialize(type, PortableFormat.Options) ?? throw Null(name));
                }

                reader.Read();
                continue;
            }

            if (started)
            {
                throw new PortabilityException($"In {scope}, \"{name}\" comes after the pool's arrays: a pool's own members (id, name, settings) must come before its arrays (clients, users, ...).");
            }

            header[name] = reader.Deserialize<JsonNode>(PortableFormat.Options);
        }

        if (!started)
        {
            yield return new ScopeStartItem(scope, header);
        }

        yield return new ScopeEndItem(scope);
    }

    private static FileHeaderItem Header(int? version, SecretsHeader? secrets)
    {
        if (version is null)
        {
            throw new PortabilityException("The file has no formatVersion before its pools: it is not a Tessera export (docs/portability.md).");
        }

        if (version > PortableFormat.CurrentVersion)
        {
            throw new PortabilityException($"The file has formatVersion {version}, newer than this Tessera reads (up to {PortableFormat.CurrentVersion}): import it with the Tessera version that wrote it, or a later one.");
        }

        return new FileHeaderItem(version.Value, secrets);
    }

    private static void Expect(JsonStreamReader reader, JsonTokenType type, string name)
    {
        if (!reader.Read() || reader.TokenType != type)
        {
            throw new PortabilityException($"\"{name}\" must be {(type == JsonTokenType.StartArray ? "an array" : "an array of objects")} (byte {reader.Position}).");
        }
    }

    private static PortabilityException Null(string name) => new($"\"{name}\" holds a null element.");

    private static bool Is(string name, string expected) => string.Equals(name, expected, StringComparison.OrdinalIgnoreCase);
}

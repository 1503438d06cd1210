// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using System.Text.Json;
using Tessera.Core.Errors;

namespace Tessera.Server.AwsJson;

/// <summary>
/// Validates a request body against the operation's input shape before it is bound, the way AWS's
/// front end does: wrong JSON types are a SerializationException, constraint violations one
/// error of the service's validation type (<see cref="ServiceModel.ValidationErrorCode"/>) listing each ("2 validation errors detected: Value … at '…' failed to satisfy constraint: …").
/// </summary>
internal static class ModelValidator
{
    private const int MaxReported = 10;

    public static void Validate(ServiceModel model, Shape input, JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw Serialization("The request body must be a JSON object.");
        }

        var errors = new List<string>();
        Walk(model, input, body, string.Empty, errors);
        if (errors.Count > 0)
        {
            var head = errors.Count == 1 ? "1 validation error detected: " : $"{errors.Count} validation errors detected: ";
            throw new CognitoException(model.ValidationErrorCode, head + string.Join("; ", errors.Take(MaxReported)));
        }
    }

    private static void Walk(ServiceModel model, Shape shape, JsonElement value, string path, List<string> errors)
    {
        switch (shape.Type)
        {
            case "structure":
                Expect(value, JsonValueKind.Object, path, "structure");
                var members = shape.MemberShapes;
                foreach (var required in shape.Required)
                {
                    if (!value.TryGetProperty(required, out var v) || v.ValueKind == JsonValueKind.Null)
                    {
                        errors.Add($"Value null at '{Join(path, required)}' failed to satisfy constraint: Member must not be null");
                    }
                }

                foreach (var property in value.EnumerateObject())
                {
                    if (members.TryGetValue(property.Name, out var memberShape) && property.Value.ValueKind != JsonValueKind.Null)
                    {
                        Walk(model, model.Shapes[memberShape], property.Value, Join(path, property.Name), errors);
                    }
                }

                break;
            case "list":
                Expect(value, JsonValueKind.Array, path, "list");
                Length(shape, value.GetArrayLength(), null, path, errors);
                var item = model.Shapes[shape.ListMember!];
                var index = 1;
                foreach (var element in value.EnumerateArray())
                {
                    if (element.ValueKind != JsonValueKind.Null)
                    {
                        Walk(model, item, element, $"{path}.{index}.member", errors);
                    }

                    index++;
                }

                break;
            case "map":
                Expect(value, JsonValueKind.Object, path, "map");
                var count = value.EnumerateObject().Count();
                Length(shape, count, null, path, errors);
                var keyShape = model.Shapes[shape.MapKey!];
                var valueShape = model.Shapes[shape.MapValue!];
                foreach (var property in value.EnumerateObject())
                {
                    Scalar(keyShape, property.Name, $"{path}.key", errors);
                    if (property.Value.ValueKind != JsonValueKind.Null)
                    {
                        Walk(model, valueShape, property.Value, $"{path}.{property.Name}.member", errors);
                    }
                }

                break;
            case "string":
                if (value.ValueKind != JsonValueKind.String)
                {
                    throw NotAString(value.ValueKind);
                }

                Scalar(shape, value.GetString()!, path, errors);
                break;
            case "blob":
                Expect(value, JsonValueKind.String, path, "blob");
                if (!IsBase64(value.GetString()!))
                {
                    throw Serialization($"Value at '{path}' is not valid base64.");
                }

                break;
            case "boolean":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    throw Serialization($"Expected a boolean at '{path}'.");
                }

                break;
            case "integer" or "long":
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
                {
                    throw Serialization($"Expected an integer at '{path}'.");
                }

                if (shape.Type == "integer" && number is > int.MaxValue or < int.MinValue)
                {
                    throw Serialization($"Integer out of range at '{path}'.");
                }

                if (shape.Min is { } min && number < min)
                {
                    errors.Add($"Value '{number}' at '{path}' failed to satisfy constraint: Member must have value greater than or equal to {min.ToString(CultureInfo.InvariantCulture)}");
                }

                if (shape.Max is { } max && number > max)
                {
                    errors.Add($"Value '{number}' at '{path}' failed to satisfy constraint: Member must have value less than or equal to {max.ToString(CultureInfo.InvariantCulture)}");
                }

                break;
            case "timestamp" or "double" or "float":
                if (value.ValueKind is not (JsonValueKind.Number or JsonValueKind.String))
                {
                    throw Serialization($"Expected a number at '{path}'.");
                }

                break;
            default:
                break;
        }
    }

    private static void Scalar(Shape shape, string text, string path, List<string> errors)
    {
        var shown = shape.Sensitive ? "Value" : $"Value '{Truncate(text)}'";
        var before = errors.Count;
        Length(shape, text.Length, shown, path, errors);
        if (errors.Count == before && shape.Pattern is { } pattern && !Matches(pattern, text))
        {
            errors.Add($"{shown} at '{path}' failed to satisfy constraint: Member must satisfy regular expression pattern: {shape.PatternText}");
        }

        if (shape.Enum is { } values && !values.Contains(text, StringComparer.Ordinal))
        {
            errors.Add($"{shown} at '{path}' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", values)}]");
        }
    }

    private static void Length(Shape shape, int length, string? shown, string path, List<string> errors)
    {
        shown ??= "Value";
        if (shape.Min is { } min && length < min)
        {
            errors.Add($"{shown} at '{path}' failed to satisfy constraint: Member must have length greater than or equal to {min.ToString(CultureInfo.InvariantCulture)}");
        }

        if (shape.Max is { } max && length > max)
        {
            errors.Add($"{shown} at '{path}' failed to satisfy constraint: Member must have length less than or equal to {max.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    private static bool Matches(System.Text.RegularExpressions.Regex pattern, string text)
    {
        try
        {
            return pattern.IsMatch(JavaPattern.ForMatching(text));
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static void Expect(JsonElement value, JsonValueKind kind, string path, string what)
    {
        if (value.ValueKind != kind)
        {
            throw Serialization($"Expected a {what} at '{(path.Length == 0 ? "body" : path)}' but found {value.ValueKind.ToString().ToLowerInvariant()}.");
        }
    }

    private static string Join(string path, string member)
    {
        var camel = char.ToLowerInvariant(member[0]) + member[1..];
        return path.Length == 0 ? camel : $"{path}.{camel}";
    }

    private static string Truncate(string text) => text.Length <= 256 ? text : text[..256] + "…";

    private static bool IsBase64(string text)
    {
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(text, buffer, out _);
    }

    public static CognitoException Serialization(string message) => new("SerializationException", message);

    /// <summary>
    /// The front end's words for a non-string where the model wants a string: a number is
    /// "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String"
    /// (pmill/aws-cognito#10, SignUp); objects and arrays are refused where they start.
    /// </summary>
    private static CognitoException NotAString(JsonValueKind kind) => Serialization(kind switch
    {
        JsonValueKind.Number => "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String",
        JsonValueKind.True or JsonValueKind.False => "class java.lang.Boolean can not be converted to an String",
        JsonValueKind.Object => "Start of structure or map found where not expected.",
        JsonValueKind.Array => "Start of list found where not expected.",
        _ => "Unexpected value where a string was expected.",
    });
}

// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tessera.Server.AwsJson;

/// <summary>A botocore service model: operations, their auth, and the shapes validation walks.</summary>
internal sealed class ServiceModel
{
    private ServiceModel(string name, JsonElement root)
    {
        Name = name;
        var metadata = root.GetProperty("metadata");
        TargetPrefix = metadata.TryGetProperty("targetPrefix", out var t) ? t.GetString() : null;
        SigningName = metadata.TryGetProperty("signingName", out var s) ? s.GetString()! : metadata.GetProperty("endpointPrefix").GetString()!;
        Shapes = root.GetProperty("shapes").EnumerateObject().ToDictionary(p => p.Name, p => new Shape(p.Name, p.Value), StringComparer.Ordinal);
        Operations = root.GetProperty("operations").EnumerateObject().ToDictionary(
            p => p.Name,
            p => new OperationModel(
                p.Name,
                p.Value.TryGetProperty("input", out var i) ? Shapes[i.GetProperty("shape").GetString()!] : null,
                p.Value.TryGetProperty("output", out var o) ? Shapes[o.GetProperty("shape").GetString()!] : null,
                IsUnsigned(p.Value),
                p.Value.TryGetProperty("errors", out var e) ? e.EnumerateArray().Select(x => x.GetProperty("shape").GetString()!).ToArray() : []),
            StringComparer.Ordinal);
    }

    public string Name { get; }

    /// <summary>
    /// The error type the service's front end gives input that breaks the model's constraints. cognito-idp
    /// says InvalidParameterException ("1 validation error detected: …", amazon-cognito-identity-js#311);
    /// cognito-identity, like most AWS services, ValidationException with the same words
    /// (getmoto/moto#1979, awslabs/serverless-automated-ui-testing#2: IdentityPoolName against [\w ]+).
    /// </summary>
    public string ValidationErrorCode => Name == "cognito-idp" ? "InvalidParameterException" : "ValidationException";

    public string? TargetPrefix { get; }
    public string SigningName { get; }
    public IReadOnlyDictionary<string, Shape> Shapes { get; }
    public IReadOnlyDictionary<string, OperationModel> Operations { get; }

    public static ServiceModel Load(string name)
    {
        using var stream = typeof(ServiceModel).Assembly.GetManifestResourceStream($"Tessera.Models.{name}.json")
            ?? throw new InvalidOperationException($"The embedded model {name} is missing.");
        using var doc = JsonDocument.Parse(stream);
        return new ServiceModel(name, doc.RootElement.Clone());
    }

    private static bool IsUnsigned(JsonElement op)
        => (op.TryGetProperty("authtype", out var a) && a.GetString() == "none")
            || (op.TryGetProperty("auth", out var list) && list.EnumerateArray().Any(x => x.GetString() == "smithy.api#noAuth"));
}

internal sealed record OperationModel(string Name, Shape? Input, Shape? Output, bool Unsigned, IReadOnlyList<string> Errors);

internal sealed class Shape
{
    private readonly JsonElement element;
    private Regex? pattern;
    private bool patternResolved;

    public Shape(string name, JsonElement element)
    {
        this.element = element;
        Name = name;
        Type = element.GetProperty("type").GetString()!;
        Min = element.TryGetProperty("min", out var min) ? min.GetDouble() : null;
        Max = element.TryGetProperty("max", out var max) ? max.GetDouble() : null;
        Sensitive = element.TryGetProperty("sensitive", out var s) && s.GetBoolean();
        Enum = element.TryGetProperty("enum", out var e) ? e.EnumerateArray().Select(x => x.GetString()!).ToArray() : null;
        Required = element.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()!).ToArray() : [];
        PatternText = element.TryGetProperty("pattern", out var p) ? p.GetString() : null;
    }

    public string Name { get; }
    public string Type { get; }
    public double? Min { get; }
    public double? Max { get; }
    public bool Sensitive { get; }
    public IReadOnlyList<string>? Enum { get; }
    public IReadOnlyList<string> Required { get; }
    public string? PatternText { get; }

    /// <summary>Structure members by name, resolved lazily against the model.</summary>
    public IReadOnlyDictionary<string, string> MemberShapes => element.TryGetProperty("members", out var m)
        ? m.EnumerateObject().ToDictionary(x => x.Name, x => x.Value.GetProperty("shape").GetString()!, StringComparer.Ordinal)
        : new Dictionary<string, string>();

    public string? ListMember => element.TryGetProperty("member", out var m) ? m.GetProperty("shape").GetString() : null;
    public string? MapKey => element.TryGetProperty("key", out var k) ? k.GetProperty("shape").GetString() : null;
    public string? MapValue => element.TryGetProperty("value", out var v) ? v.GetProperty("shape").GetString() : null;

    /// <summary>The model's Java regex in .NET form, matched against the whole value.</summary>
    public Regex? Pattern
    {
        get
        {
            if (!patternResolved)
            {
                pattern = PatternText is null ? null : JavaPattern.Compile(PatternText);
                patternResolved = true;
            }

            return pattern;
        }
    }
}

internal static partial class JavaPattern
{
    /// <summary>The model's pattern as a .NET regex that matches the whole value (<see cref="ToDotNet"/>).</summary>
    public static Regex Compile(string javaPattern)
    {
        var expression = ToDotNet(javaPattern);

        // Every engine chosen here matches in linear time, so none needs a wall-clock timeout (which failed valid input
        // whenever the machine was busy, seen under parallel sign-ins). One character class repeated is linear in the
        // backtracking interpreter too, which costs far less to construct than the symbolic engine (docs/benchmarks.md,
        // start-up: NonBacktracking's construction was 5-29% of the first sign-in). Backtracking with a timeout only for
        // what NonBacktracking lacks (lookarounds).
        if (IsOneClassRepeated(expression))
        {
            return new Regex(expression, RegexOptions.CultureInvariant);
        }

        try
        {
            return new Regex(expression, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            return new Regex(expression, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(2));
        }
    }

    /// <summary>
    /// Whether an expression of <see cref="ToDotNet"/> is one character class under one greedy <c>*</c> or <c>+</c>
    /// between the anchors (the model's own <c>^</c> and <c>$</c> allowed inside). The backtracking interpreter matches
    /// it in linear time: the leading anchor leaves one start position, the one loop takes at most n characters, and
    /// when the end anchor fails there it gives back one character at a time, each tried in constant time (at most 2n
    /// steps; no alternation, no nested quantifier). A class holding a class (subtraction, <c>[a-z-[aeiou]]</c>) does
    /// not qualify.
    /// </summary>
    public static bool IsOneClassRepeated(string expression) => OneClassRepeated().IsMatch(expression);

    [GeneratedRegex(@"\A\^\(\?:\^?\[(?:\\.|[^\[\]\\])+\][*+]\$?\)\$\z", RegexOptions.CultureInvariant)]
    private static partial Regex OneClassRepeated();

    /// <summary>
    /// Java's <c>\w</c>, <c>\d</c> and <c>\s</c> are ASCII-only where .NET's are Unicode, so they are
    /// spelled out; Java's <c>matches()</c> anchors both ends.
    /// </summary>
    public static string ToDotNet(string javaPattern)
    {
        var converted = new System.Text.StringBuilder();
        var inClass = false;
        for (var i = 0; i < javaPattern.Length; i++)
        {
            var c = javaPattern[i];
            if (c == '\\' && i + 1 < javaPattern.Length)
            {
                var n = javaPattern[i + 1];
                var replacement = n switch
                {
                    'w' => "a-zA-Z0-9_",
                    'd' => "0-9",
                    's' => " \\t\\n\\x0B\\f\\r",
                    _ => null,
                };
                if (replacement is not null)
                {
                    converted.Append(inClass ? replacement : "[" + replacement + "]");
                }
                else
                {
                    converted.Append(c).Append(n);
                }

                i++;
                continue;
            }

            if (c == '[')
            {
                inClass = true;
            }
            else if (c == ']')
            {
                inClass = false;
            }

            converted.Append(c);
        }

        return "^(?:" + converted + ")$";
    }

    /// <summary>
    /// Java matches code points, .NET matches UTF-16 units, so a character beyond the BMP (an emoji in a
    /// username) would fail <c>[\p{L}\p{S}…]+</c> as two surrogates. Each such character is replaced by
    /// a BMP character of the same Unicode category before matching; lengths are checked on the original.
    /// </summary>
    public static string ForMatching(string text)
    {
        if (!text.Any(char.IsSurrogate))
        {
            return text;
        }

        var builder = new System.Text.StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.IsBmp)
            {
                builder.Append((char)rune.Value);
            }
            else
            {
                builder.Append(Representative(System.Text.Rune.GetUnicodeCategory(rune)));
            }
        }

        return builder.ToString();
    }

    /// <summary>A non-ASCII BMP character of each category, so no ASCII-only class (\w, \d) matches it by accident.</summary>
    private static char Representative(System.Globalization.UnicodeCategory category) => category switch
    {
        System.Globalization.UnicodeCategory.UppercaseLetter => '\u00C0',
        System.Globalization.UnicodeCategory.LowercaseLetter => '\u00E0',
        System.Globalization.UnicodeCategory.TitlecaseLetter => '\u01C5',
        System.Globalization.UnicodeCategory.ModifierLetter => '\u02B0',
        System.Globalization.UnicodeCategory.OtherLetter => '\u05D0',
        System.Globalization.UnicodeCategory.NonSpacingMark => '\u0300',
        System.Globalization.UnicodeCategory.SpacingCombiningMark => '\u0903',
        System.Globalization.UnicodeCategory.EnclosingMark => '\u20DD',
        System.Globalization.UnicodeCategory.DecimalDigitNumber => '\u0660',
        System.Globalization.UnicodeCategory.LetterNumber => '\u2160',
        System.Globalization.UnicodeCategory.OtherNumber => '\u00B2',
        System.Globalization.UnicodeCategory.Format => '\u200B',
        System.Globalization.UnicodeCategory.PrivateUse => '\uE000',
        System.Globalization.UnicodeCategory.ConnectorPunctuation => '\u203F',
        System.Globalization.UnicodeCategory.DashPunctuation => '\u2010',
        System.Globalization.UnicodeCategory.OpenPunctuation => '\u2045',
        System.Globalization.UnicodeCategory.ClosePunctuation => '\u2046',
        System.Globalization.UnicodeCategory.InitialQuotePunctuation => '\u00AB',
        System.Globalization.UnicodeCategory.FinalQuotePunctuation => '\u00BB',
        System.Globalization.UnicodeCategory.OtherPunctuation => '\u00A1',
        System.Globalization.UnicodeCategory.MathSymbol => '\u2200',
        System.Globalization.UnicodeCategory.CurrencySymbol => '\u20AC',
        System.Globalization.UnicodeCategory.ModifierSymbol => '\u02C2',
        System.Globalization.UnicodeCategory.OtherSymbol => '\u00A9',
        _ => '\u0378',
    };
}

// SPDX-License-Identifier: Apache-2.0
using System.Text;
using System.Text.RegularExpressions;
using Tessera.Core.Errors;

namespace Tessera.Core.HostedUi;

/// <summary>
/// Checks SetUICustomization CSS against the classes and properties AWS's classic hosted UI accepts
/// (Developer Guide, "Customizing hosted UI (classic) branding"), so a file accepted here is accepted by AWS
/// and what we render can only style our own page.
/// </summary>
public static partial class UiCssValidator
{
    private static readonly string[] Colors = ["color", "background-color"];

    /// <summary>Selector (class with its pseudo-class) → the properties AWS lets it set.</summary>
    public static IReadOnlyDictionary<string, HashSet<string>> Allowed { get; } = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal)
    {
        [".background-customizable"] = Set("background-color"),
        [".banner-customizable"] = Set("padding", "background-color"),
        [".errorMessage-customizable"] = Set("margin", "padding", "font-size", "width", "background", "border", "color", "box-sizing"),
        [".idpButton-customizable"] = Set("height", "width", "text-align", "margin-bottom", "color", "background-color", "border-color"),
        [".idpButton-customizable:hover"] = Set(Colors),
        [".idpDescription-customizable"] = Set("padding-top", "padding-bottom", "display", "font-size"),
        [".inputField-customizable"] = Set("width", "height", "color", "background-color", "border"),
        [".inputField-customizable:focus"] = Set("border-color", "outline"),
        [".label-customizable"] = Set("font-weight"),
        [".legalText-customizable"] = Set("color", "font-size"),
        [".logo-customizable"] = Set("max-width", "max-height"),
        [".passwordCheck-notValid-customizable"] = Set("color"),
        [".passwordCheck-valid-customizable"] = Set("color"),
        [".redirect-customizable"] = Set("text-align"),
        [".socialButton-customizable"] = Set("height", "text-align", "width", "margin-bottom"),
        [".submitButton-customizable"] = Set("font-size", "font-weight", "margin", "width", "height", "color", "background-color"),
        [".submitButton-customizable:hover"] = Set(Colors),
        [".textDescription-customizable"] = Set("padding-top", "padding-bottom", "display", "font-size"),
    };

    /// <summary>Throws InvalidParameterException naming the first rule AWS would refuse.</summary>
    /// <remarks>
    /// What is stored and rendered is the text as given, comments included, so the text as given is what is
    /// checked: a comment hides nothing (<c>/* &lt;/style&gt;… */</c> ends the page's style element all the same).
    /// </remarks>
    public static void Validate(string? css)
    {
        if (Problem(css) is { } problem)
        {
            throw Invalid(problem);
        }
    }

    /// <summary>Whether <paramref name="css"/> may be rendered in a page: the check <see cref="Validate"/> makes, for CSS stored before it was this strict.</summary>
    public static bool IsSafe(string? css) => Problem(css) is null;

    private static string? Problem(string? css)
    {
        if (string.IsNullOrWhiteSpace(css))
        {
            return null;
        }

        if (css.Contains('<', StringComparison.Ordinal) || Script().IsMatch(css))
        {
            return "CSS cannot contain HTML or JavaScript.";
        }

        if (css.Contains('@', StringComparison.Ordinal))
        {
            return "@import, @supports, @page and @media statements are not allowed.";
        }

        if (WithoutComments(css) is not { } text)
        {
            return "The CSS is not well formed.";
        }

        var position = 0;
        while (position < text.Length)
        {
            var open = text.IndexOf('{', position);
            if (open < 0)
            {
                if (!string.IsNullOrWhiteSpace(text[position..]))
                {
                    return "The CSS is not well formed.";
                }

                return null;
            }

            var close = text.IndexOf('}', open);
            if (close < 0 || text.IndexOf('{', open + 1) is var nested && nested >= 0 && nested < close)
            {
                return "The CSS is not well formed.";
            }

            var selectors = text[position..open].Split(',', StringSplitOptions.TrimEntries);
            var body = text[(open + 1)..close];
            foreach (var selector in selectors)
            {
                var normalized = Whitespace().Replace(selector, string.Empty);
                if (!Allowed.TryGetValue(normalized, out var properties))
                {
                    return $"The CSS class '{selector}' is not allowed. Allowed classes: {string.Join(", ", Allowed.Keys)}.";
                }

                foreach (var declaration in body.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    var colon = declaration.IndexOf(':', StringComparison.Ordinal);
                    var property = colon > 0 ? declaration[..colon].Trim().ToLowerInvariant() : string.Empty;
                    if (colon <= 0 || string.IsNullOrWhiteSpace(declaration[(colon + 1)..]))
                    {
                        return $"The declaration '{declaration}' is not well formed.";
                    }

                    if (!properties.Contains(property))
                    {
                        return $"The property '{property}' is not allowed for '{normalized}'.";
                    }
                }
            }

            position = close + 1;
        }

        return null;
    }

    /// <summary>The text with each comment read as a space, as a CSS parser reads it; null when a comment never ends.</summary>
    private static string? WithoutComments(string css)
    {
        var text = new StringBuilder(css.Length);
        var position = 0;
        while (position < css.Length)
        {
            var open = css.IndexOf("/*", position, StringComparison.Ordinal);
            if (open < 0)
            {
                text.Append(css, position, css.Length - position);
                break;
            }

            var close = css.IndexOf("*/", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                return null;
            }

            text.Append(css, position, open - position).Append(' ');
            position = close + 2;
        }

        return text.ToString();
    }

    private static CognitoException Invalid(string message) => CognitoErrors.InvalidParameter(message);

    private static HashSet<string> Set(params string[] names) => new(names, StringComparer.Ordinal);

    // Linear-time matching and no match timeout: a timeout would answer a 500 whenever the machine is busy.
    [GeneratedRegex(@"javascript:|expression\s*\(|behavior\s*:|-moz-binding|\\", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Script();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}

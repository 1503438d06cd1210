// SPDX-License-Identifier: Apache-2.0
using System.Text.RegularExpressions;
using Tessera.Core.Errors;

namespace Tessera.Core.Users;

/// <summary>A parsed ListUsers filter: <c>attribute = "value"</c> (exact) or <c>attribute ^= "value"</c> (prefix).</summary>
public sealed partial record UserFilter(string Attribute, string Value, bool Prefix)
{
    /// <summary>The attributes the ListUsers API reference lists as searchable.</summary>
    public static IReadOnlySet<string> Searchable { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "username", "email", "phone_number", "name", "given_name", "family_name",
        "preferred_username", "cognito:user_status", "status", "sub",
    };

    public static UserFilter? Parse(string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return null;
        }

        var match = FilterPattern().Match(filter);
        if (!match.Success)
        {
            throw CognitoErrors.InvalidParameter("Error while parsing filter.");
        }

        var attribute = match.Groups["attr"].Value;
        if (!Searchable.Contains(attribute))
        {
            throw CognitoErrors.InvalidParameter("Invalid search attribute: " + attribute);
        }

        var value = match.Groups["value"].Value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
        return new UserFilter(attribute, value, match.Groups["op"].Value == "^=");
    }

    [GeneratedRegex("""^\s*"?(?<attr>[\w:]+)"?\s*(?<op>\^?=)\s*"(?<value>(?:[^"\\]|\\.)*)"\s*$""", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex FilterPattern();
}

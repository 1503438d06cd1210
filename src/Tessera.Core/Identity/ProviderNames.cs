// SPDX-License-Identifier: Apache-2.0
using System.Text.RegularExpressions;

namespace Tessera.Core.Identity;

/// <summary>
/// Maps the provider names clients send for a user pool to the local pool: the AWS form
/// <c>cognito-idp.&lt;region&gt;.amazonaws.com/&lt;poolId&gt;</c> (what every existing client sends) and the
/// local issuer form <c>&lt;host&gt;/&lt;poolId&gt;</c> (DESIGN.md §2).
/// </summary>
public static partial class ProviderNames
{
    /// <summary>The user pool a provider name (or an issuer, scheme included or not) names, or null.</summary>
    public static string? UserPoolId(string? name, Uri publicUrl)
    {
        ArgumentNullException.ThrowIfNull(publicUrl);
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        var bare = name.StartsWith("https://", StringComparison.Ordinal) ? name[8..]
            : name.StartsWith("http://", StringComparison.Ordinal) ? name[7..]
            : name;
        if (AwsForm().Match(bare) is { Success: true } aws)
        {
            return aws.Groups["pool"].Value;
        }

        var local = publicUrl.GetLeftPart(UriPartial.Path);
        local = local[(local.IndexOf("://", StringComparison.Ordinal) + 3)..].TrimEnd('/') + "/";
        if (bare.StartsWith(local, StringComparison.OrdinalIgnoreCase) && PoolId().IsMatch(bare[local.Length..]))
        {
            return bare[local.Length..];
        }

        return null;
    }

    /// <summary>The name identities store for a user pool login: always the AWS form.</summary>
    public static string Canonical(string userPoolId)
        => $"cognito-idp.{userPoolId[..userPoolId.IndexOf('_', StringComparison.Ordinal)]}.amazonaws.com/{userPoolId}";

    [GeneratedRegex(@"^cognito-idp\.[a-z0-9-]+\.amazonaws\.com/(?<pool>[\w-]+_[0-9a-zA-Z]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex AwsForm();

    [GeneratedRegex(@"^[\w-]+_[0-9a-zA-Z]+$", RegexOptions.CultureInvariant)]
    private static partial Regex PoolId();
}

// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Errors;

namespace Tessera.Core.Tagging;

/// <summary>
/// The tag rules user pools and identity pools share: at most 50 tags per resource ("A user pool can have as many
/// as 50 tags", TagResource in both API references), and no key in the <c>aws:</c> prefix, which AWS keeps for
/// itself (Tagging AWS resources, "Tag naming limits and requirements").
/// </summary>
public static class ResourceTags
{
    public const int MaxTags = 50;

    /// <summary>The tags as a resource keeps them, or an InvalidParameterException naming what is wrong.</summary>
    public static IReadOnlyDictionary<string, string>? Check(IReadOnlyDictionary<string, string>? tags)
    {
        if (tags is null)
        {
            return null;
        }

        if (tags.Keys.FirstOrDefault(k => k.StartsWith("aws:", StringComparison.OrdinalIgnoreCase)) is { } reserved)
        {
            throw CognitoErrors.InvalidParameter($"Tag keys may not start with 'aws:' ({reserved}): that prefix is reserved for AWS.");
        }

        if (tags.Count > MaxTags)
        {
            throw CognitoErrors.InvalidParameter($"A resource can have at most {MaxTags} tags; this request would leave {tags.Count}.");
        }

        return tags;
    }

    /// <summary>TagResource: the given tags join the resource's, a key already there takes the new value.</summary>
    public static IReadOnlyDictionary<string, string> Add(IReadOnlyDictionary<string, string>? current, IReadOnlyDictionary<string, string> added)
    {
        ArgumentNullException.ThrowIfNull(added);
        var merged = new Dictionary<string, string>(current ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in added)
        {
            merged[key] = value;
        }

        return Check(merged)!;
    }

    /// <summary>UntagResource: the named keys go; a key the resource lacks is no error.</summary>
    public static IReadOnlyDictionary<string, string> Remove(IReadOnlyDictionary<string, string>? current, IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var kept = new Dictionary<string, string>(current ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var key in keys)
        {
            kept.Remove(key);
        }

        return kept;
    }
}

// SPDX-License-Identifier: Apache-2.0
using System.Buffers.Text;
using System.Text;
using Tessera.Core.Errors;

namespace Tessera.Core.Paging;

/// <summary>
/// The NextToken / PaginationToken of list operations: the last key a page returned, tagged with the list it
/// belongs to and base64url-encoded, so clients treat it as opaque and a token from another list is refused.
/// </summary>
public static class PageToken
{
    public static string? Encode(string kind, string? lastKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        return lastKey is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(kind + ":" + lastKey));
    }

    /// <summary>The key after which the next page starts, or null for the first page.</summary>
    public static string? Decode(string kind, string? token)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        if (token is null)
        {
            return null;
        }

        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            throw CognitoErrors.InvalidPaginationToken();
        }

        return text.Length > kind.Length + 1 && text.StartsWith(kind + ":", StringComparison.Ordinal)
            ? text[(kind.Length + 1)..]
            : throw CognitoErrors.InvalidPaginationToken();
    }

    /// <summary>Takes one page from <paramref name="items"/> (fetched with one extra row) and the token for the next.</summary>
    public static (IReadOnlyList<T> Page, string? Next) Slice<T>(IReadOnlyList<T> items, int limit, string kind, Func<T, string> key)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(key);
        if (items.Count <= limit)
        {
            return (items, null);
        }

        var page = items.Take(limit).ToList();
        return (page, Encode(kind, key(page[^1])));
    }
}

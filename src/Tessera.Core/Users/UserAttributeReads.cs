// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Clients;

namespace Tessera.Core.Users;

/// <summary>
/// Which of a user's attributes an app client sees: in its tokens, GetUser, userInfo and a NEW_PASSWORD_REQUIRED
/// challenge. The client's ReadAttributes when it has some, every attribute otherwise, and never a developer-only
/// (<c>dev:</c>) one, which "can only be modified by an administrator" and which Tessera keeps out of everything a
/// user's access token reaches (SchemaAttributeType.DeveloperOnlyAttribute in the API reference).
/// </summary>
public sealed class UserAttributeReads
{
    private readonly HashSet<string>? allowed;

    public UserAttributeReads(AppClient? client)
    {
        allowed = client?.Settings.ReadAttributes is { Count: > 0 } read ? new HashSet<string>(read, StringComparer.Ordinal) : null;
    }

    public static bool IsDeveloperOnly(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.StartsWith("dev:", StringComparison.Ordinal);
    }

    public bool MayRead(string name) => !IsDeveloperOnly(name) && (allowed is null || allowed.Contains(name));

    /// <summary>The user's attributes the client may read, in the user's order.</summary>
    public IEnumerable<KeyValuePair<string, string>> Of(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Attributes.Where(a => MayRead(a.Key));
    }
}

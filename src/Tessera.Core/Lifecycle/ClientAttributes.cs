// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Clients;
using Tessera.Core.Errors;

namespace Tessera.Core.Lifecycle;

/// <summary>The app client's WriteAttributes, as the user-facing operations (SignUp, UpdateUserAttributes…) enforce them.</summary>
public static class ClientAttributes
{
    /// <summary>Only an administrator marks a contact verified; no app client may write these.</summary>
    private static readonly HashSet<string> NeverClientWritable = new(StringComparer.Ordinal) { "sub", "email_verified", "phone_number_verified" };

    public static void RequireWritable(AppClient client, IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(names);
        var allowed = client.Settings.WriteAttributes;
        foreach (var name in names)
        {
            if (NeverClientWritable.Contains(name) || (allowed is { Count: > 0 } && !allowed.Contains(name)))
            {
                throw CognitoErrors.UnauthorizedAttributeWrite();
            }
        }
    }
}

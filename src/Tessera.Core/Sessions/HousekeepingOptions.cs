// SPDX-License-Identifier: Apache-2.0
using System.ComponentModel.DataAnnotations;

namespace Tessera.Core.Sessions;

/// <summary>What each node's housekeeping removes from the store, and how often (<c>Tessera:Housekeeping</c>).</summary>
public sealed class HousekeepingOptions
{
    /// <summary>Whether this node runs housekeeping. Any number of nodes may: their deletes do not conflict.</summary>
    /// <value>The default is true.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Time between two runs on one node.</summary>
    /// <value>From 1 second to 1 day. The default is 5 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Rows deleted by one statement, so no run holds long locks.</summary>
    /// <value>From 10 to 10,000. The default is 500.</value>
    [Range(10, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// How long a refresh token, session or authorization code is kept after it stopped being usable (revoked, ended,
    /// used or expired), so a late caller still hears why it was refused.
    /// </summary>
    /// <value>From 0 to 30 days. The default is 1 hour.</value>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Messages the development inbox keeps per user pool; older ones are removed.</summary>
    /// <value>From 1 to 100,000. The default is 200.</value>
    [Range(1, 100_000)]
    public int InboxMessagesPerPool { get; set; } = 200;
}

// SPDX-License-Identifier: Apache-2.0
using System.ComponentModel.DataAnnotations;

namespace Tessera.Core.AuthEvents;

/// <summary>How long and how many auth events the store keeps (<c>Tessera:AuthEvents</c>).</summary>
public sealed class AuthEventOptions
{
    /// <summary>Age after which housekeeping deletes an event.</summary>
    /// <value>From 1 day to 730 days. The default is 90 days.</value>
    [Range(typeof(TimeSpan), "1.00:00:00", "730.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Events kept per user: a new event beyond this deletes the user's oldest, so no flood of attempts grows the store.</summary>
    /// <value>From 10 to 10,000. The default is 1,000.</value>
    [Range(10, 10_000)]
    public int MaxEventsPerUser { get; set; } = 1000;
}

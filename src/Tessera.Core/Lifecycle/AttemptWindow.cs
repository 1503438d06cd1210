// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Lifecycle;

/// <summary>A count of events in a window that starts with the first of them: codes sent, wrong codes tried.</summary>
public readonly record struct AttemptWindow(int Count, DateTimeOffset Start)
{
    /// <summary>
    /// The window with one more event, or null when <paramref name="limit"/> events already happened in it; a window
    /// older than <paramref name="length"/> starts again at <paramref name="now"/>.
    /// </summary>
    public AttemptWindow? Take(int limit, TimeSpan length, DateTimeOffset now)
    {
        if (now - Start >= length)
        {
            return new AttemptWindow(1, now);
        }

        return Count >= limit ? null : this with { Count = Count + 1 };
    }
}

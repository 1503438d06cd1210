// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.Options;
using Tessera.Core.AuthEvents;

namespace Tessera.Core.Sessions;

/// <summary>How many rows one housekeeping run removed, by kind.</summary>
public sealed record HousekeepingResult(int RefreshTokens, int Sessions, int AuthorizationCodes, int InboxMessages, int AuthEvents = 0)
{
    public int Total => RefreshTokens + Sessions + AuthorizationCodes + InboxMessages + AuthEvents;
}

/// <summary>
/// What the store keeps, and for how long (docs/production.md, "What is kept"). Nothing is removed while it can still
/// be used: a refresh token until it expires or is revoked, a session until no token of it can be valid, a code until
/// it expires (a used one is kept so a replay still revokes its session). After that, <see cref="HousekeepingOptions.Retention"/>.
/// Auth events are kept for <see cref="AuthEventOptions.Retention"/> from their creation.
/// </summary>
public sealed class Housekeeping(IHousekeepingStore store, IOptions<HousekeepingOptions> options, TimeProvider time, IOptions<AuthEventOptions>? authEvents = null)
{
    /// <summary>
    /// The longest an access or ID token lives (Cognito's limit for AccessTokenValidity and IdTokenValidity): a session
    /// that was never revoked is kept this long past its end, since a token issued just before still names it.
    /// </summary>
    public static readonly TimeSpan TokenLifetimeLimit = TimeSpan.FromDays(1);

    /// <summary>Batches of one kind in one run; the next run goes on where this one stopped.</summary>
    private const int MaxBatchesPerKind = 100;

    public async Task<HousekeepingResult> RunOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var unusableBefore = now - settings.Retention;
        var batch = settings.BatchSize;
        var refreshTokens = await DrainAsync(ct => store.DeleteRefreshTokensAsync(unusableBefore, batch, ct), batch, cancellationToken).ConfigureAwait(false);
        // A revoked session's tokens are refused whether or not its row is there; a live one's until they expire.
        var sessions = await DrainAsync(ct => store.DeleteSessionsAsync(unusableBefore, unusableBefore - TokenLifetimeLimit, batch, ct), batch, cancellationToken).ConfigureAwait(false);
        var codes = await DrainAsync(ct => store.DeleteAuthorizationCodesAsync(unusableBefore, batch, ct), batch, cancellationToken).ConfigureAwait(false);
        var inbox = await DrainAsync(ct => store.TrimInboxAsync(settings.InboxMessagesPerPool, batch, ct), batch, cancellationToken).ConfigureAwait(false);
        var eventsBefore = now - (authEvents?.Value ?? new AuthEventOptions()).Retention;
        var events = await DrainAsync(ct => store.DeleteAuthEventsAsync(eventsBefore, batch, ct), batch, cancellationToken).ConfigureAwait(false);
        return new HousekeepingResult(refreshTokens, sessions, codes, inbox, events);
    }

    private static async Task<int> DrainAsync(Func<CancellationToken, Task<int>> deleteBatch, int batchSize, CancellationToken cancellationToken)
    {
        var total = 0;
        for (var i = 0; i < MaxBatchesPerKind; i++)
        {
            var deleted = await deleteBatch(cancellationToken).ConfigureAwait(false);
            total += deleted;
            if (deleted < batchSize)
            {
                break;
            }
        }

        return total;
    }
}

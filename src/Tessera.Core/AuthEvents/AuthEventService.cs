// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using Tessera.Core.Errors;
using Tessera.Core.Paging;
using Tessera.Core.Users;

namespace Tessera.Core.AuthEvents;

/// <summary>
/// AdminListUserAuthEvents, AdminUpdateAuthEventFeedback and UpdateAuthEventFeedback over what
/// <see cref="AuthEventRecorder"/> recorded. All three answer UserPoolAddOnNotEnabledException while the pool's threat
/// protection is off, as their API reference pages list it.
/// </summary>
public sealed class AuthEventService(UserDirectory directory, IAuthEventStore store, AuthEventRecorder recorder, TimeProvider time)
{
    /// <summary>AdminListUserAuthEvents: "Returns 60 events if you set MaxResults to 0, or if you don't include a MaxResults parameter."</summary>
    public const int MaxPage = 60;

    public const string AdminProvider = "Admin";
    public const string UserProvider = "User";
    private const string PageKind = "authevents";
    private const long MaxUnixMilliseconds = 253_402_300_799_999;

    /// <summary>The user's events, newest first, a page at a time.</summary>
    public async Task<(IReadOnlyList<AuthEvent> Page, string? Next)> ListAsync(
        string poolId, string username, int? maxResults, string? nextToken, CancellationToken cancellationToken)
    {
        var pool = await directory.GetPoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        AuthEventRecorder.RequireThreatProtection(pool);
        var user = await directory.GetAsync(pool, username, cancellationToken).ConfigureAwait(false);
        var limit = maxResults is > 0 and <= MaxPage ? maxResults.Value : MaxPage;
        var (afterAt, afterId) = DecodeAfter(PageToken.Decode(PageKind, nextToken));
        var items = await store.ListAsync(pool.Id, user.Id, afterAt, afterId, limit + 1, cancellationToken).ConfigureAwait(false);
        return PageToken.Slice(items, limit, PageKind, e => e.CreatedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + ":" + e.EventId);
    }

    /// <summary>
    /// AdminUpdateAuthEventFeedback (<paramref name="feedbackToken"/> null: the caller is the administrator) or
    /// UpdateAuthEventFeedback (the token proves the caller was given the event's feedback link).
    /// </summary>
    public async Task UpdateFeedbackAsync(
        string poolId, string username, string eventId, string? feedbackToken, string feedbackValue, bool admin, CancellationToken cancellationToken)
    {
        if (feedbackValue is not ("Valid" or "Invalid"))
        {
            throw CognitoErrors.InvalidParameter("FeedbackValue must be Valid or Invalid.");
        }

        var pool = await directory.GetPoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        AuthEventRecorder.RequireThreatProtection(pool);
        var user = await directory.GetAsync(pool, username, cancellationToken).ConfigureAwait(false);
        var found = await store.FindAsync(pool.Id, user.Id, eventId, cancellationToken).ConfigureAwait(false);
        if (!admin && (found is null || !recorder.IsFeedbackToken(found, feedbackToken)))
        {
            // One answer for an unknown event and a wrong token: the public operation tells a guesser nothing.
            throw CognitoErrors.NotAuthorized("The feedback token is not valid for this event.");
        }

        if (found is null)
        {
            throw CognitoErrors.ResourceNotFound($"Auth event {eventId} does not exist for this user.");
        }

        found.FeedbackValue = feedbackValue;
        found.FeedbackProvider = admin ? AdminProvider : UserProvider;
        found.FeedbackDate = time.GetUtcNow();
        if (!await store.UpdateAsync(found, cancellationToken).ConfigureAwait(false))
        {
            throw CognitoErrors.ResourceNotFound($"Auth event {eventId} does not exist for this user.");
        }
    }

    private static (DateTimeOffset? At, string? Id) DecodeAfter(string? key)
    {
        if (key is null)
        {
            return (null, null);
        }

        var colon = key.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && long.TryParse(key.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms <= MaxUnixMilliseconds && colon < key.Length - 1
            ? (DateTimeOffset.FromUnixTimeMilliseconds(ms), key[(colon + 1)..])
            : throw CognitoErrors.InvalidPaginationToken();
    }
}

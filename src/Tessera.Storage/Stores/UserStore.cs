// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Tessera.Core.Errors;
using Tessera.Core.Users;

namespace Tessera.Storage.Stores;

internal sealed class UserStore(TesseraDbContext db) : IUserStore
{
    public Task<User?> FindByNormalizedUsernameAsync(string poolId, string normalizedUsername, CancellationToken cancellationToken)
        => HotQueries.For(db).UserByNormalizedUsername(db, poolId, normalizedUsername, cancellationToken);

    public Task<User?> FindByIdAsync(string poolId, Guid id, CancellationToken cancellationToken)
        => HotQueries.For(db).UserById(db, poolId, id, cancellationToken);

    public async Task<IReadOnlyList<User>> FindByAttributeAsync(string poolId, string attribute, string value, CancellationToken cancellationToken)
    {
        var query = db.Users.AsNoTracking().Where(u => u.PoolId == poolId);
        query = attribute switch
        {
            "email" => query.Where(u => u.Email == value),
            "phone_number" => query.Where(u => u.PhoneNumber == value),
            "preferred_username" => query.Where(u => u.PreferredUsername == value),
            _ => query.Where(_ => false),
        };
        return await query.Take(10).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task AddAsync(User user, CancellationToken cancellationToken)
    {
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await db.Users.AnyAsync(u => u.PoolId == user.PoolId && u.NormalizedUsername == user.NormalizedUsername, cancellationToken).ConfigureAwait(false))
            {
                throw CognitoErrors.UsernameExists();
            }

            throw;
        }

        db.ChangeTracker.Clear();
    }

    public async Task<bool> TryUpdateAsync(User user, CancellationToken cancellationToken)
    {
        var entry = db.Users.Attach(user);
        entry.State = EntityState.Modified;
        entry.Property(u => u.Version).OriginalValue = user.Version;
        user.Version++;
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            user.Version--;
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    public async Task<bool> TryUpdateSignInCountersAsync(
        string poolId, Guid id, long expectedVersion, int failedSignInCount, DateTimeOffset? lockedUntil, CancellationToken cancellationToken)
        => await db.Users
            .Where(u => u.PoolId == poolId && u.Id == id && u.Version == expectedVersion)
            .ExecuteUpdateAsync(s => s
                .SetProperty(u => u.FailedSignInCount, failedSignInCount)
                .SetProperty(u => u.LockedUntil, lockedUntil)
                .SetProperty(u => u.Version, expectedVersion + 1), cancellationToken).ConfigureAwait(false) == 1;

    public async Task<bool> DeleteAsync(string poolId, Guid id, CancellationToken cancellationToken)
    {
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await db.GroupMemberships.Where(m => m.PoolId == poolId && m.UserId == id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.VerificationCodes.Where(c => c.PoolId == poolId && c.UserId == id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.RefreshTokens.Where(t => t.PoolId == poolId && t.UserId == id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.Sessions.Where(t => t.PoolId == poolId && t.UserId == id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        var deleted = await db.Users.Where(u => u.PoolId == poolId && u.Id == id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return deleted > 0;
    }

    public async Task<UserPage> ListAsync(UserQuery query, CancellationToken cancellationToken)
    {
        var users = db.Users.AsNoTracking().Where(u => u.PoolId == query.PoolId);
        if (query.Only is not null)
        {
            users = users.Where(u => query.Only.Contains(u.Id));
        }

        if (query.Filter is { } f)
        {
            users = Apply(users, f);
        }

        // Pages follow the normalized username, a unique key, so a page token is stable under inserts.
        if (query.After is not null)
        {
            users = users.Where(u => string.Compare(u.NormalizedUsername, query.After) > 0);
        }

        var page = await users.OrderBy(u => u.NormalizedUsername).Take(query.Limit + 1).ToListAsync(cancellationToken).ConfigureAwait(false);
        var next = page.Count > query.Limit ? page[query.Limit - 1].NormalizedUsername : null;
        return new UserPage(page.Take(query.Limit).ToList(), next);
    }

    private static IQueryable<User> Apply(IQueryable<User> users, UserFilter f)
    {
        var value = f.Value;
        var lower = value.ToLowerInvariant();
        if (f.Attribute is "sub")
        {
            if (!f.Prefix)
            {
                return Guid.TryParse(value, out var id) ? users.Where(u => u.Id == id) : users.Where(_ => false);
            }

            // SQLite keeps ids as upper-case text, PostgreSQL as uuid (lower-case text); compare lower-case.
            var subLength = Length(lower);
            return users.Where(u => u.Id.ToString().ToLower().Substring(0, subLength) == lower);
        }

        if (f.Attribute is "cognito:user_status")
        {
            // Case-insensitive per the ListUsers reference; statuses are stored upper-case.
            var status = value.ToUpperInvariant();
            var statusLength = Length(status);
            return f.Prefix ? users.Where(u => u.Status.Substring(0, statusLength) == status) : users.Where(u => u.Status == status);
        }

        if (f.Attribute is "status")
        {
            var enabled = value == "Enabled";
            return value is "Enabled" or "Disabled" ? users.Where(u => u.Enabled == enabled) : users.Where(_ => false);
        }

        // Prefixes compare a substring rather than use StartsWith: both providers translate StartsWith
        // to LIKE, which SQLite matches case-insensitively, so the two stores would answer differently.
        var n = Length(value);
        var nl = Length(lower);
        return (f.Attribute, f.Prefix) switch
        {
            ("username", false) => users.Where(u => u.Username == value || u.NormalizedUsername == value),
            ("username", true) => users.Where(u => u.Username.Substring(0, n) == value || u.NormalizedUsername.Substring(0, n) == value),
            ("email", false) => users.Where(u => u.Email == lower),
            ("email", true) => users.Where(u => u.Email!.Substring(0, nl) == lower),
            ("phone_number", false) => users.Where(u => u.PhoneNumber == value),
            ("phone_number", true) => users.Where(u => u.PhoneNumber!.Substring(0, n) == value),
            ("preferred_username", false) => users.Where(u => u.PreferredUsername == lower),
            ("preferred_username", true) => users.Where(u => u.PreferredUsername!.Substring(0, nl) == lower),
            ("name", false) => users.Where(u => u.Name == value),
            ("name", true) => users.Where(u => u.Name!.Substring(0, n) == value),
            ("given_name", false) => users.Where(u => u.GivenName == value),
            ("given_name", true) => users.Where(u => u.GivenName!.Substring(0, n) == value),
            ("family_name", false) => users.Where(u => u.FamilyName == value),
            ("family_name", true) => users.Where(u => u.FamilyName!.Substring(0, n) == value),
            _ => users.Where(_ => false),
        };
    }

    /// <summary>The length as both databases count it (characters, not UTF-16 units).</summary>
    private static int Length(string value)
    {
        var count = 0;
        foreach (var _ in value.EnumerateRunes())
        {
            count++;
        }

        return count;
    }
}

// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Tessera.Core.Groups;
using Tessera.Core.Sessions;
using Tessera.Core.Tokens;
using Tessera.Core.Users;

namespace Tessera.Storage.Stores;

/// <summary>
/// The reads every sign-in and refresh makes (PERFORMANCE.md G4, G5b), compiled once: a LINQ query is otherwise rebuilt
/// as an expression tree, funcletized and looked up in EF Core's query cache on every call, which cost a refresh about a
/// third of its database time. EF Core recompiles a compiled query when it meets another model, so the SQLite and
/// PostgreSQL providers can share these.
/// </summary>
internal static class HotQueries
{
    public static readonly Func<TesseraDbContext, byte[], CancellationToken, Task<RefreshTokenRecord?>> RefreshTokenByHash =
        EF.CompileAsyncQuery((TesseraDbContext db, byte[] tokenHash, CancellationToken _) =>
            db.RefreshTokens.AsNoTracking().FirstOrDefault(t => t.TokenHash == tokenHash));

    public static readonly Func<TesseraDbContext, Guid, CancellationToken, Task<UserSession?>> SessionById =
        EF.CompileAsyncQuery((TesseraDbContext db, Guid id, CancellationToken _) =>
            db.Sessions.AsNoTracking().FirstOrDefault(s => s.Id == id));

    public static readonly Func<TesseraDbContext, string, string, CancellationToken, Task<User?>> UserByNormalizedUsername =
        EF.CompileAsyncQuery((TesseraDbContext db, string poolId, string normalizedUsername, CancellationToken _) =>
            db.Users.AsNoTracking().FirstOrDefault(u => u.PoolId == poolId && u.NormalizedUsername == normalizedUsername));

    public static readonly Func<TesseraDbContext, string, Guid, CancellationToken, Task<User?>> UserById =
        EF.CompileAsyncQuery((TesseraDbContext db, string poolId, Guid id, CancellationToken _) =>
            db.Users.AsNoTracking().FirstOrDefault(u => u.PoolId == poolId && u.Id == id));

    /// <summary>The user and its groups (unordered) in one round trip.</summary>
    public static readonly Func<TesseraDbContext, string, Guid, CancellationToken, Task<UserAndGroups?>> UserWithGroupsById =
        EF.CompileAsyncQuery((TesseraDbContext db, string poolId, Guid id, CancellationToken _) =>
            db.Users.AsNoTracking()
                .Where(u => u.PoolId == poolId && u.Id == id)
                .Select(u => new UserAndGroups(
                    u,
                    db.GroupMemberships
                        .Where(m => m.PoolId == u.PoolId && m.UserId == u.Id)
                        .Join(db.Groups, m => new { m.PoolId, m.GroupName }, g => new { g.PoolId, g.GroupName }, (m, g) => g)
                        .ToList()))
                .FirstOrDefault());

    /// <summary>The oldest auth event of a user that a trim keeps (newest first, after skipping the others kept): where AuthEventStore.TrimAsync cuts.</summary>
    public static readonly Func<TesseraDbContext, string, Guid, int, CancellationToken, Task<AuthEventKey?>> OldestKeptAuthEvent =
        EF.CompileAsyncQuery((TesseraDbContext db, string poolId, Guid userId, int skip, CancellationToken _) =>
            db.AuthEvents.AsNoTracking()
                .Where(e => e.PoolId == poolId && e.UserId == userId)
                .OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.EventId).Skip(skip)
                .Select(e => new AuthEventKey(e.CreatedAt, e.EventId))
                .FirstOrDefault());

    /// <summary>The user's groups, unordered (<see cref="GroupStore.InTokenOrder"/> orders them).</summary>
    public static readonly Func<TesseraDbContext, string, Guid, IAsyncEnumerable<Group>> GroupsOfUser =
        EF.CompileAsyncQuery((TesseraDbContext db, string poolId, Guid userId) =>
            db.GroupMemberships.AsNoTracking()
                .Where(m => m.PoolId == poolId && m.UserId == userId)
                .Join(db.Groups, m => new { m.PoolId, m.GroupName }, g => new { g.PoolId, g.GroupName }, (m, g) => g));
}

/// <summary>A row of <see cref="HotQueries.UserWithGroupsById"/>.</summary>
internal sealed record UserAndGroups(User User, List<Group> Groups);

/// <summary>A row of <see cref="HotQueries.OldestKeptAuthEvent"/>.</summary>
internal sealed record AuthEventKey(DateTimeOffset CreatedAt, string EventId);

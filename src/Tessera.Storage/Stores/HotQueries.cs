// SPDX-License-Identifier: Apache-2.0
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Tessera.Core.Groups;
using Tessera.Core.Sessions;
using Tessera.Core.Tokens;
using Tessera.Core.Users;

namespace Tessera.Storage.Stores;

/// <summary>
/// The reads every sign-in and refresh makes (PERFORMANCE.md G4, G5b), compiled once: a LINQ query is otherwise rebuilt
/// as an expression tree, funcletized and looked up in EF Core's query cache on every call, which cost a refresh about a
/// third of its database time. A compiled query is bound to the first model it runs with (EF Core refuses another one),
/// so each model (one per provider) gets its own set: a process that holds both a SQLite and a PostgreSQL store, as the
/// tests and `tessera import` across providers do, would otherwise fail on the second.
/// </summary>
internal sealed class HotQueries
{
    private static readonly ConditionalWeakTable<IModel, HotQueries> ByModel = [];

    private HotQueries()
    {
    }

    /// <summary>The compiled reads for <paramref name="db"/>'s model.</summary>
    public static HotQueries For(TesseraDbContext db) => ByModel.GetValue(db.Model, static _ => new HotQueries());

    public Func<TesseraDbContext, byte[], CancellationToken, Task<RefreshTokenRecord?>> RefreshTokenByHash { get; } =
        EF.CompileAsyncQuery((TesseraDbContext db, byte[] tokenHash, CancellationToken _) =>
            db.RefreshTokens.AsNoTracking().FirstOrDefault(t => t.TokenHash == tokenHash));

    /// <summary>
    /// A refresh token with the session its origin_jti names and its user with the user's groups (unordered): a refresh's
    /// one round trip. Left joins, so a missing session or user reads as null; one row per group of the user.
    /// </summary>
    public Func<TesseraDbContext, byte[], CancellationToken, Task<RefreshTokenRow?>> RefreshTokenWithContextByHash { get; } =
        EF.CompileAsyncQuery((TesseraDbContext db, byte[] tokenHash, CancellationToken _) =>
            (from t in db.RefreshTokens.AsNoTracking()
             where t.TokenHash == tokenHash
             join s in db.Sessions.AsNoTracking() on t.OriginJti equals s.Id into sessions
             from s in sessions.DefaultIfEmpty()
             join u in db.Users.AsNoTracking() on t.UserId equals u.Id into users
             from u in users.DefaultIfEmpty()
             select new RefreshTokenRow(
                 t,
                 s,
                 u,
                 db.GroupMemberships
                     .Where(m => m.PoolId == t.PoolId && m.UserId == t.UserId)
                     .Join(db.Groups, m => new { m.PoolId, m.GroupName }, g => new { g.PoolId, g.GroupName }, (m, g) => g)
                     .ToList()))
            .FirstOrDefault());

    public Func<TesseraDbContext, Guid, CancellationToken, Task<UserSession?>> SessionById { get; } =
        EF.CompileAsyncQuery((TesseraDbContext db, Guid id, CancellationToken _) =>
            db.Sessions.AsNoTracking().FirstOrDefault(s => s.Id == id));

    public Func<TesseraDbContext, string, string, CancellationToken, Task<User?>> UserByNormalizedUsername { get; } =
        EF.CompileAsyncQuery((TesseraDbContext db, string poolId, string normalizedUsername, CancellationToken _) =>
            db.Users.AsNoTracking().FirstOrDefault(u => u.PoolId == poolId && u.NormalizedUsername == normalizedUsername));

    public Func<TesseraDbContext, string, Guid, CancellationToken, Task<User?>> UserById { get; } =
        EF.CompileAsyncQuery((TesseraDbContext db, string poolId, Guid id, CancellationToken _) =>
            db.Users.AsNoTracking().FirstOrDefault(u => u.PoolId == poolId && u.Id == id));

    /// <summary>The oldest auth event of a user that a trim keeps (newest first, after skipping the others kept): where AuthEventStore.TrimAsync cuts.</summary>
    public Func<TesseraDbContext, string, Guid, int, CancellationToken, Task<AuthEventKey?>> OldestKeptAuthEvent { get; } =
        EF.CompileAsyncQuery((TesseraDbContext db, string poolId, Guid userId, int skip, CancellationToken _) =>
            db.AuthEvents.AsNoTracking()
                .Where(e => e.PoolId == poolId && e.UserId == userId)
                .OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.EventId).Skip(skip)
                .Select(e => new AuthEventKey(e.CreatedAt, e.EventId))
                .FirstOrDefault());

    /// <summary>The user's groups, unordered (<see cref="GroupStore.InTokenOrder"/> orders them).</summary>
    public Func<TesseraDbContext, string, Guid, IAsyncEnumerable<Group>> GroupsOfUser { get; } =
        EF.CompileAsyncQuery((TesseraDbContext db, string poolId, Guid userId) =>
            db.GroupMemberships.AsNoTracking()
                .Where(m => m.PoolId == poolId && m.UserId == userId)
                .Join(db.Groups, m => new { m.PoolId, m.GroupName }, g => new { g.PoolId, g.GroupName }, (m, g) => g));
}

/// <summary>A row of <see cref="HotQueries.RefreshTokenWithContextByHash"/>.</summary>
internal sealed record RefreshTokenRow(RefreshTokenRecord Token, UserSession? Session, User? User, List<Group> Groups);

/// <summary>A row of <see cref="HotQueries.OldestKeptAuthEvent"/>.</summary>
internal sealed record AuthEventKey(DateTimeOffset CreatedAt, string EventId);

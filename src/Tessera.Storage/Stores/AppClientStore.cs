// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Tessera.Core.Clients;
using Tessera.Core.OAuth;

namespace Tessera.Storage.Stores;

internal sealed class AppClientStore(TesseraDbContext db, OAuthLookupCache cache) : IAppClientStore
{
    public Task<AppClient?> FindAsync(string clientId, CancellationToken cancellationToken)
        => db.AppClients.AsNoTracking().Include(c => c.Secrets).FirstOrDefaultAsync(c => c.ClientId == clientId, cancellationToken);

    public async Task AddAsync(AppClient client, CancellationToken cancellationToken)
    {
        db.AppClients.Add(client);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
    }

    public async Task UpdateAsync(AppClient client, CancellationToken cancellationToken)
    {
        // The client's row only: its secrets change through AddSecretAsync and DeleteSecretAsync.
        db.Entry(client).State = EntityState.Modified;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        await cache.ForgetAsync(new(CacheEntryKind.Client, client.ClientId), cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(string clientId, CancellationToken cancellationToken)
    {
        await db.RefreshTokens.Where(t => t.ClientId == clientId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.Sessions.Where(t => t.ClientId == clientId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        var deleted = await db.AppClients.Where(c => c.ClientId == clientId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
        await cache.ForgetAsync(new(CacheEntryKind.Client, clientId), cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    public async Task AddSecretAsync(ClientSecret secret, CancellationToken cancellationToken)
    {
        db.ClientSecrets.Add(secret);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        await cache.ForgetAsync(new(CacheEntryKind.Client, secret.ClientId), cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteSecretAsync(string clientId, string secretId, CancellationToken cancellationToken)
    {
        var deleted = await db.ClientSecrets.Where(s => s.ClientId == clientId && s.Id == secretId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
        await cache.ForgetAsync(new(CacheEntryKind.Client, clientId), cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    public async Task<IReadOnlyList<AppClient>> ListAsync(string poolId, string? afterId, int limit, CancellationToken cancellationToken)
    {
        var query = db.AppClients.AsNoTracking().Include(c => c.Secrets).Where(c => c.PoolId == poolId);
        if (afterId is not null)
        {
            query = query.Where(c => string.Compare(c.ClientId, afterId) > 0);
        }

        return await query.OrderBy(c => c.ClientId).Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
    }
}

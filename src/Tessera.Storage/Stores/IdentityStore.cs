// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Tessera.Core.Identity;

namespace Tessera.Storage.Stores;

internal sealed class IdentityStore(TesseraDbContext db) : IIdentityStore
{
    public Task<IdentityRecord?> FindAsync(string identityId, CancellationToken cancellationToken)
        => db.Identities.AsNoTracking().FirstOrDefaultAsync(i => i.Id == identityId, cancellationToken);

    public async Task<IReadOnlyList<IdentityLogin>> LoginsAsync(string identityId, CancellationToken cancellationToken)
        => await db.IdentityLogins.AsNoTracking().Where(l => l.IdentityId == identityId).ToListAsync(cancellationToken).ConfigureAwait(false);

    public Task<IdentityLogin?> FindLoginAsync(string poolId, string providerName, string subject, CancellationToken cancellationToken)
        => db.IdentityLogins.AsNoTracking().FirstOrDefaultAsync(l => l.PoolId == poolId && l.ProviderName == providerName && l.Subject == subject, cancellationToken);

    public async Task<bool> TryAddAsync(IdentityRecord identity, IReadOnlyList<IdentityLogin> logins, CancellationToken cancellationToken)
    {
        db.Identities.Add(identity);
        db.IdentityLogins.AddRange(logins);
        return await TrySaveAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> TryLinkAsync(IdentityLogin login, CancellationToken cancellationToken)
    {
        db.IdentityLogins.Add(login);
        return await TrySaveAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task MergeAsync(string fromIdentityId, string toIdentityId, CancellationToken cancellationToken)
    {
        await db.IdentityLogins.Where(l => l.IdentityId == fromIdentityId)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.IdentityId, toIdentityId), cancellationToken).ConfigureAwait(false);
        await db.Identities.Where(i => i.Id == fromIdentityId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task UnlinkAsync(string identityId, string providerName, CancellationToken cancellationToken)
        => db.IdentityLogins.Where(l => l.IdentityId == identityId && l.ProviderName == providerName).ExecuteDeleteAsync(cancellationToken);

    public Task TouchAsync(string identityId, DateTimeOffset at, CancellationToken cancellationToken)
        => db.Identities.Where(i => i.Id == identityId).ExecuteUpdateAsync(s => s.SetProperty(i => i.UpdatedAt, at), cancellationToken);

    public async Task<bool> DeleteAsync(string identityId, CancellationToken cancellationToken)
    {
        await db.IdentityLogins.Where(l => l.IdentityId == identityId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        return await db.Identities.Where(i => i.Id == identityId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task<IReadOnlyList<(IdentityRecord Identity, IReadOnlyList<IdentityLogin> Logins)>> ListAsync(string poolId, string? afterId, int limit, CancellationToken cancellationToken)
    {
        var query = db.Identities.AsNoTracking().Where(i => i.PoolId == poolId);
        if (afterId is not null)
        {
            query = query.Where(i => string.Compare(i.Id, afterId) > 0);
        }

        var page = await query.OrderBy(i => i.Id).Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
        var ids = page.Select(i => i.Id).ToList();
        var logins = await db.IdentityLogins.AsNoTracking().Where(l => ids.Contains(l.IdentityId)).ToListAsync(cancellationToken).ConfigureAwait(false);
        return page.Select(i => (i, (IReadOnlyList<IdentityLogin>)logins.Where(l => l.IdentityId == i.Id).ToList())).ToList();
    }

    private async Task<bool> TrySaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DbUpdateException)
        {
            // The primary key of identity_logins refused a login another request linked first.
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}

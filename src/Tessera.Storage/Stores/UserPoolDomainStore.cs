// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Tessera.Core.HostedUi;

namespace Tessera.Storage.Stores;

internal sealed class UserPoolDomainStore(TesseraDbContext db) : IUserPoolDomainStore
{
    public Task<UserPoolDomain?> FindAsync(string domain, CancellationToken cancellationToken)
        => db.UserPoolDomains.AsNoTracking().FirstOrDefaultAsync(d => d.Domain == domain, cancellationToken);

    public async Task<IReadOnlyList<UserPoolDomain>> ListForPoolAsync(string poolId, CancellationToken cancellationToken)
        => await db.UserPoolDomains.AsNoTracking().Where(d => d.PoolId == poolId).OrderBy(d => d.Domain).ToListAsync(cancellationToken).ConfigureAwait(false);

    public async Task<bool> TryAddAsync(UserPoolDomain domain, CancellationToken cancellationToken)
    {
        if (await db.UserPoolDomains.AnyAsync(d => d.Domain == domain.Domain, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        db.UserPoolDomains.Add(domain);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    public async Task UpdateAsync(UserPoolDomain domain, CancellationToken cancellationToken)
    {
        db.UserPoolDomains.Update(domain);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
    }

    public async Task<bool> DeleteAsync(string domain, CancellationToken cancellationToken)
        => await db.UserPoolDomains.Where(d => d.Domain == domain).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
}

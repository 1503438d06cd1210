// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Tessera.Core.HostedUi;
using Tessera.Core.OAuth;

namespace Tessera.Storage.Stores;

internal sealed class UserPoolDomainStore(TesseraDbContext db, OAuthLookupCache cache) : IUserPoolDomainStore
{
    public Task<UserPoolDomain?> FindAsync(string domain, CancellationToken cancellationToken)
        => db.UserPoolDomains.AsNoTracking().FirstOrDefaultAsync(d => d.Domain == domain, cancellationToken);

    public async Task<IReadOnlyList<UserPoolDomain>> ListForPoolAsync(string poolId, CancellationToken cancellationToken)
        => await db.UserPoolDomains.AsNoTracking().Where(d => d.PoolId == poolId).OrderBy(d => d.Domain).ToListAsync(cancellationToken).ConfigureAwait(false);

    public Task<bool> TryAddAsync(UserPoolDomain domain, CancellationToken cancellationToken)
        => db.TryInsertAsync(domain, d => d.Domain == domain.Domain, cancellationToken);

    public async Task UpdateAsync(UserPoolDomain domain, CancellationToken cancellationToken)
    {
        await db.ReplaceAsync(domain, cancellationToken).ConfigureAwait(false);
        await cache.ForgetAsync(new(CacheEntryKind.Domain, domain.Domain), cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(string domain, CancellationToken cancellationToken)
    {
        var deleted = await db.UserPoolDomains.Where(d => d.Domain == domain).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
        await cache.ForgetAsync(new(CacheEntryKind.Domain, domain), cancellationToken).ConfigureAwait(false);
        return deleted;
    }
}

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

    public Task<bool> TryAddAsync(UserPoolDomain domain, CancellationToken cancellationToken)
        => db.TryInsertAsync(domain, d => d.Domain == domain.Domain, cancellationToken);

    public Task UpdateAsync(UserPoolDomain domain, CancellationToken cancellationToken) => db.ReplaceAsync(domain, cancellationToken);

    public async Task<bool> DeleteAsync(string domain, CancellationToken cancellationToken)
        => await db.UserPoolDomains.Where(d => d.Domain == domain).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
}

// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Tessera.Core.HostedUi;

namespace Tessera.Storage.Stores;

internal sealed class UiCustomizationStore(TesseraDbContext db) : IUiCustomizationStore
{
    public Task<UiCustomization?> FindAsync(string poolId, string clientId, CancellationToken cancellationToken)
        => db.UiCustomizations.AsNoTracking().FirstOrDefaultAsync(c => c.PoolId == poolId && c.ClientId == clientId, cancellationToken);

    public async Task SaveAsync(UiCustomization customization, CancellationToken cancellationToken)
    {
        var exists = await db.UiCustomizations.AnyAsync(c => c.PoolId == customization.PoolId && c.ClientId == customization.ClientId, cancellationToken).ConfigureAwait(false);
        if (exists)
        {
            await db.ReplaceAsync(customization, cancellationToken).ConfigureAwait(false);
        }
        else if (!await db.TryInsertAsync(customization, c => c.PoolId == customization.PoolId && c.ClientId == customization.ClientId, cancellationToken).ConfigureAwait(false))
        {
            // Another request inserted it between our look and our insert: last writer wins, as with an update.
            await db.ReplaceAsync(customization, cancellationToken).ConfigureAwait(false);
        }
    }
}

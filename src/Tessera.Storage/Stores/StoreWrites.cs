// SPDX-License-Identifier: Apache-2.0
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace Tessera.Storage.Stores;

internal static class StoreWrites
{
    /// <summary>Inserts unless <paramref name="exists"/> matches a row; a concurrent insert of the same key also answers false.</summary>
    public static async Task<bool> TryInsertAsync<T>(this TesseraDbContext db, T entity, Expression<Func<T, bool>> exists, CancellationToken cancellationToken)
        where T : class
    {
        var set = db.Set<T>();
        if (await set.AnyAsync(exists, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        set.Add(entity);
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

    public static async Task ReplaceAsync<T>(this TesseraDbContext db, T entity, CancellationToken cancellationToken)
        where T : class
    {
        db.Set<T>().Update(entity);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}

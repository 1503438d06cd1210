// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Tessera.Core.Portability;

namespace Tessera.Storage.Stores;

internal sealed class PortabilityStore(TesseraDbContext db, TimeProvider time) : IPortabilityStore
{
    public async IAsyncEnumerable<T> StreamAsync<T>(Expression<Func<T, bool>> filter, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        // A no-tracking query is read row by row from the data reader: a million users never sit in memory at once.
        await foreach (var row in db.Set<T>().AsNoTracking().Where(filter).AsAsyncEnumerable().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return row;
        }
    }

    public async Task<IReadOnlyList<ImportOutcome>> UpsertAsync<T>(IReadOnlyList<T> rows, Func<T, T, CancellationToken, Task>? reconcile, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(rows);
        var entityType = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not stored.");
        var key = entityType.FindPrimaryKey()!.Properties;
        var stored = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var row in await LoadAsync(rows, key, cancellationToken).ConfigureAwait(false))
        {
            stored[KeyOf(row, key)] = row;
        }

        var now = time.GetUtcNow();
        var outcomes = new List<ImportOutcome>(rows.Count);
        foreach (var row in rows)
        {
            var rowKey = KeyOf(row, key);
            if (!stored.TryGetValue(rowKey, out var existing))
            {
                var entry = db.Entry(row);
                foreach (var property in entry.Properties.Where(p => p.CurrentValue is DateTimeOffset d && d == default))
                {
                    property.CurrentValue = now;
                }

                entry.State = EntityState.Added;
                stored[rowKey] = row;
                outcomes.Add(ImportOutcome.Created);
                continue;
            }

            if (reconcile is not null)
            {
                await reconcile(existing, row, cancellationToken).ConfigureAwait(false);
            }

            outcomes.Add(Apply(db.Entry(existing), row) ? ImportOutcome.Updated : ImportOutcome.Skipped);
        }

        return outcomes;
    }

    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException e)
        {
            throw new PortabilityException($"The store refused a row: {(e.InnerException ?? e).Message} (a reference to a group, user or pool the file does not have, or a duplicate).", e);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    public async Task<T> InTransactionAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var result = await work(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Copies the incoming row's values onto the stored one; whether any differed.</summary>
    private static bool Apply<T>(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<T> entry, T incoming)
        where T : class
    {
        foreach (var property in entry.Properties)
        {
            var metadata = property.Metadata;
            if (metadata.IsPrimaryKey() || metadata.IsConcurrencyToken || metadata.PropertyInfo is null)
            {
                continue;
            }

            var value = metadata.PropertyInfo.GetValue(incoming);
            if (value is DateTimeOffset d && d == default)
            {
                continue;
            }

            property.CurrentValue = value;
        }

        if (entry.State != EntityState.Modified)
        {
            return false;
        }

        foreach (var token in entry.Properties.Where(p => p.Metadata.IsConcurrencyToken && p.CurrentValue is long))
        {
            token.CurrentValue = (long)token.OriginalValue! + 1;
        }

        return true;
    }

    private async Task<List<T>> LoadAsync<T>(IReadOnlyList<T> rows, IReadOnlyList<IProperty> key, CancellationToken cancellationToken)
        where T : class
    {
        if (key.Count == 1)
        {
            // One query per batch: WHERE key IN (...), the list a parameter. A list inlined as a constant would make each
            // batch's query new to EF's query cache, which then grows with the size of the import.
            var property = key[0];
            var values = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(property.ClrType))!;
            foreach (var value in rows.Select(r => property.PropertyInfo!.GetValue(r)).Distinct())
            {
                values.Add(value);
            }

            var parameter = Expression.Parameter(typeof(T), "row");
            var contains = Expression.Call(
                typeof(Enumerable), nameof(Enumerable.Contains), [property.ClrType],
                Expression.Call(typeof(EF), nameof(EF.Parameter), [values.GetType()], Expression.Constant(values)), Expression.Property(parameter, property.PropertyInfo!));
            return await db.Set<T>().Where(Expression.Lambda<Func<T, bool>>(contains, parameter)).ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        var found = new List<T>();
        foreach (var row in rows)
        {
            if (await db.FindAsync<T>(key.Select(p => p.PropertyInfo!.GetValue(row)).ToArray(), cancellationToken).ConfigureAwait(false) is { } existing)
            {
                found.Add(existing);
            }
        }

        return found;
    }

    private static string KeyOf<T>(T row, IReadOnlyList<IProperty> key)
        => string.Join('\u001f', key.Select(p => Convert.ToString(p.PropertyInfo!.GetValue(row), CultureInfo.InvariantCulture)));
}

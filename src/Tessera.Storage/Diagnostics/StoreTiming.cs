// SPDX-License-Identifier: Apache-2.0
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Tessera.Core.Diagnostics;

namespace Tessera.Storage.Diagnostics;

/// <summary>
/// Reports every database command's execution time to <c>tessera.store.duration</c> (docs/production.md, "Metrics"). EF Core
/// has timed the command already (<see cref="CommandEndEventData.Duration"/>), so this adds one histogram record per command
/// while metrics are collected and one flag check when they are not (benchmarks/micro, StoreTimingBenchmarks).
/// </summary>
internal sealed class StoreTiming : DbCommandInterceptor
{
    public static readonly StoreTiming Instance = new();

    private StoreTiming()
    {
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Record("query", eventData);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Record("query", eventData);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Record("non_query", eventData);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Record("non_query", eventData);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Record("scalar", eventData);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Record("scalar", eventData);
        return ValueTask.FromResult(result);
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Record(Kind(eventData), eventData, ok: false);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Record(Kind(eventData), eventData, ok: false);
        return Task.CompletedTask;
    }

    private static string Kind(CommandEventData eventData) => eventData.ExecuteMethod switch
    {
        DbCommandMethod.ExecuteNonQuery => "non_query",
        DbCommandMethod.ExecuteScalar => "scalar",
        _ => "query",
    };

    private static void Record(string kind, CommandEndEventData eventData, bool ok = true)
    {
        if (TesseraMetrics.TimingStore)
        {
            TesseraMetrics.StoreCommand(kind, ok, eventData.Duration);
        }
    }
}

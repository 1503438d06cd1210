// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.Logging;
using Npgsql;
using Tessera.Core.OAuth;

namespace Tessera.Storage.PostgreSql;

/// <summary>
/// Every node's <see cref="OAuthLookupCache"/> forgets what any node wrote: a write is followed by
/// <c>NOTIFY tessera_cache</c> before its request is answered, and each node LISTENs on one connection of its own and
/// forgets what it hears, milliseconds later. While that connection is down the node caches nothing (every lookup reads the
/// store) and it empties the cache when it listens again, so a notice missed meanwhile cannot leave a stale entry.
/// Why this rather than a version row read per request or no cache at all: docs/production.md.
/// </summary>
public sealed partial class PostgreSqlCacheInvalidation : ICacheInvalidation, IAsyncDisposable
{
    /// <summary>The notification channel every node listens on.</summary>
    public const string Channel = "tessera_cache";

    /// <summary>The channel nodes announce their shared settings on (<see cref="NodeMessage"/>).</summary>
    public const string NodesChannel = "tessera_nodes";

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    private readonly NpgsqlDataSource source;
    private readonly ILogger logger;
    private volatile bool listening;

    public PostgreSqlCacheInvalidation(string connectionString, ILogger<PostgreSqlCacheInvalidation> logger)
    {
        // Keepalives on the otherwise idle listening connection: a connection that died without a word is noticed in
        // about a second, not when the next notice fails to arrive.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { KeepAlive = 1, ApplicationName = "tessera-cache" };
        source = NpgsqlDataSource.Create(builder);
        this.logger = logger;
    }

    /// <inheritdoc/>
    public bool Listening => listening;

    /// <summary>Called with each payload heard on <see cref="NodesChannel"/>, on the listening connection's thread: return quickly.</summary>
    public Action<string>? NodeMessage { get; set; }

    /// <inheritdoc/>
    public ValueTask PublishAsync(CacheEntry entry, CancellationToken cancellationToken)
        => NotifyAsync(Channel, entry.ToString(), cancellationToken);

    /// <summary>Sends <paramref name="payload"/> to every node's <see cref="NodeMessage"/>, this one's included.</summary>
    public ValueTask AnnounceAsync(string payload, CancellationToken cancellationToken)
        => NotifyAsync(NodesChannel, payload, cancellationToken);

    private async ValueTask NotifyAsync(string channel, string payload, CancellationToken cancellationToken)
    {
        await using var command = source.CreateCommand("SELECT pg_notify($1, $2)");
        command.Parameters.Add(new NpgsqlParameter { Value = channel });
        command.Parameters.Add(new NpgsqlParameter { Value = payload });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Listens until <paramref name="stopping"/>, reconnecting after failures, and makes <paramref name="cache"/> forget what it hears.</summary>
    public async Task ListenAsync(OAuthLookupCache cache, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(cache);
        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = await source.OpenConnectionAsync(stopping).ConfigureAwait(false);
                connection.Notification += (_, e) =>
                {
                    if (e.Channel == NodesChannel)
                    {
                        NodeMessage?.Invoke(e.Payload);
                    }
                    else if (CacheEntry.TryParse(e.Payload, out var entry))
                    {
                        cache.Forget(entry);
                    }
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}; LISTEN {NodesChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stopping).ConfigureAwait(false);
                }

                // Whatever changed while nobody here listened.
                cache.Clear();
                listening = true;
                if (failures > 0)
                {
                    LogListeningAgain(logger, failures);
                }

                failures = 0;
                while (true)
                {
                    await connection.WaitAsync(stopping).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                listening = false;
                cache.Clear();
                if (failures++ == 0)
                {
                    LogNotListening(logger, e);
                }
            }
            finally
            {
                listening = false;
            }

            try
            {
                await Task.Delay(RetryDelay, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public ValueTask DisposeAsync() => source.DisposeAsync();

    [LoggerMessage(EventId = 2400, Level = LogLevel.Warning, Message = "Not hearing the other nodes' changes (LISTEN tessera_cache failed); serving pools, clients, domains and scopes from the database until it works again")]
    private static partial void LogNotListening(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2401, Level = LogLevel.Information, Message = "Hearing the other nodes' changes again after {Failures} failed attempt(s)")]
    private static partial void LogListeningAgain(ILogger logger, int failures);
}

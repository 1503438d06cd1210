// SPDX-License-Identifier: Apache-2.0
using Npgsql;

namespace Tessera.Tests.Postgres;

/// <summary>
/// The PostgreSQL server the tests use: <c>TESSERA_TEST_POSTGRES</c>, by default the one
/// <c>eng/setup-postgres.sh</c> provisions. Set it to <c>skip</c> to skip the PostgreSQL tests.
/// Each caller gets its own database, dropped when it is disposed.
/// </summary>
public sealed class TestPostgres : IAsyncDisposable
{
    public const string DefaultConnectionString = "Host=127.0.0.1;Port=5432;Username=tessera;Password=tessera;Database=tessera_test";

    private TestPostgres(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    /// <summary>The server's connection string from the environment, or the default.</summary>
    public static string ServerConnectionString
        => Environment.GetEnvironmentVariable("TESSERA_TEST_POSTGRES") is { Length: > 0 } value ? value : DefaultConnectionString;

    /// <summary>Why the PostgreSQL tests are skipped, or null when they run.</summary>
    public static string? SkipReason
        => string.Equals(Environment.GetEnvironmentVariable("TESSERA_TEST_POSTGRES"), "skip", StringComparison.OrdinalIgnoreCase)
            ? "PostgreSQL tests skipped: TESSERA_TEST_POSTGRES=skip. Unset it to run them against eng/setup-postgres.sh's server, or set it to a connection string."
            : null;

    public string Name { get; }

    /// <summary>Connects to this test's own database.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates an empty database on the server.</summary>
    public static async Task<TestPostgres> CreateAsync()
    {
        var name = "tessera_t_" + Guid.NewGuid().ToString("N")[..16];
        await using (var admin = await OpenServerAsync())
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name };
        return new TestPostgres(name, builder.ConnectionString);
    }

    /// <summary>A database name on the server that nothing has created yet (for code that creates it); dropped on dispose all the same.</summary>
    public static TestPostgres Missing()
    {
        var name = "tessera_t_" + Guid.NewGuid().ToString("N")[..16];
        return new TestPostgres(name, new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        await using var admin = await OpenServerAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", admin);
        // FORCE may not end a backend the test role doesn't own (an autovacuum worker that just started on the fresh
        // database, seen on a loaded machine: 42501); such a worker stops on its own, so try again briefly.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (attempt < 10 && e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse)
            {
                await Task.Delay(200 * attempt);
            }
        }
    }

    private static async Task<NpgsqlConnection> OpenServerAsync()
    {
        var connection = new NpgsqlConnection(ServerConnectionString);
        try
        {
            await connection.OpenAsync();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            await connection.DisposeAsync();
            throw new InvalidOperationException(
                $"No PostgreSQL answers at TESSERA_TEST_POSTGRES ({(Environment.GetEnvironmentVariable("TESSERA_TEST_POSTGRES") is null ? "unset; default " + DefaultConnectionString : "set")}). " +
                "Run eng/setup-postgres.sh (as root it installs and starts one), point TESSERA_TEST_POSTGRES at a server, or set it to skip.", e);
        }

        return connection;
    }
}

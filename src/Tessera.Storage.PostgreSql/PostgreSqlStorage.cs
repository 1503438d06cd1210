// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Tessera.Storage.PostgreSql;

public static class PostgreSqlStorage
{
    /// <summary>Points the Tessera model at PostgreSql, with this assembly's migrations.</summary>
    public static DbContextOptionsBuilder Use(DbContextOptionsBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseNpgsql(connectionString, o => o.MigrationsAssembly(typeof(PostgreSqlStorage).Assembly.GetName().Name));
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model for this provider.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<TesseraDbContext>
{
    public TesseraDbContext CreateDbContext(string[] args)
        => new(PostgreSqlStorage.Use(new DbContextOptionsBuilder<TesseraDbContext>(), "Host=localhost;Database=tessera;Username=tessera;Password=tessera").Options as DbContextOptions<TesseraDbContext>
            ?? throw new InvalidOperationException("Unexpected options type."));
}

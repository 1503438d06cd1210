// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Tessera.Storage.Conformance;

/// <summary>
/// The server runs on the provider's compiled model (CompiledModel/, <c>dotnet ef dbcontext optimize</c>) and skips EF's
/// check of the model against the migrations at start: these tests are those checks, run on every build. They need no
/// database. When one fails, regenerate as CONTRIBUTING.md says.
/// </summary>
public abstract class ModelConformance
{
    /// <summary>The provider's options as the server uses them: the compiled model.</summary>
    protected abstract void UseCompiledModel(DbContextOptionsBuilder builder);

    /// <summary>The provider's options with the model built by the conventions from <see cref="TesseraDbContext"/>.</summary>
    protected abstract void UseConventions(DbContextOptionsBuilder builder);

    [Fact]
    public void CompiledModel_IsTheModelTheConventionsBuild()
    {
        using var compiled = Context(UseCompiledModel);
        using var built = Context(UseConventions);
        compiled.Model.ShouldNotBeSameAs(built.Model);

        // Entity types, properties (types, lengths, nullability, value generation), keys, foreign keys, indexes and the
        // runtime annotations; then the tables, columns and constraints they map to.
        Describe(compiled.Model).ShouldBe(Describe(built.Model));
        compiled.Model.GetRelationalModel().ToDebugString(MetadataDebugStringOptions.LongDefault)
            .ShouldBe(built.Model.GetRelationalModel().ToDebugString(MetadataDebugStringOptions.LongDefault));
    }

    [Fact]
    public void Migrations_CoverTheModel()
    {
        using var built = Context(UseConventions);
        built.Database.HasPendingModelChanges().ShouldBeFalse("the model has changes no migration makes: add a migration");
    }

    /// <summary>The model as text, with each property's value converter, which the debug view leaves out.</summary>
    private static string Describe(IModel model)
        => model.ToDebugString(MetadataDebugStringOptions.LongDefault) + "\n" + string.Join("\n",
            from entity in model.GetEntityTypes()
            from property in entity.GetProperties()
            select $"{entity.Name}.{property.Name}: {property.GetTypeMapping().Converter?.GetType().FullName} {property.GetColumnType()}");

    private static TesseraDbContext Context(Action<DbContextOptionsBuilder> configure)
    {
        var builder = new DbContextOptionsBuilder<TesseraDbContext>();
        configure(builder);
        return new TesseraDbContext(builder.Options);
    }
}

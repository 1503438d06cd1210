// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using System.Text.Json.Serialization;
using Tessera.Core.Snapshots;

namespace Tessera.Server.Snapshots;

/// <summary>
/// start-dev's clean slate over HTTP (docs/test-suites.md): <c>POST /_dev/reset</c>; <c>GET /_dev/snapshots</c>;
/// <c>GET|PUT|DELETE /_dev/snapshots/{name}</c>; <c>POST /_dev/snapshots/{name}/restore</c>; and moto's
/// <c>POST /moto-api/reset</c>, so a suite written for moto resets Tessera unchanged. Under <c>start</c> the
/// same paths answer 403 with a message that says why.
/// </summary>
internal static class SnapshotEndpoints
{
    public const string ResetPath = "/_dev/reset";
    public const string SnapshotsPath = "/_dev/snapshots";
    public const string MotoResetPath = "/moto-api/reset";

    /// <summary>The paths of operations that take <see cref="RequestGate"/> exclusively, so they must not hold it as requests.</summary>
    public static bool IsStatePath(PathString path)
        => path.StartsWithSegments(ResetPath, StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments(SnapshotsPath, StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments(MotoResetPath, StringComparison.OrdinalIgnoreCase);

    public static void MapSnapshots(this WebApplication app)
    {
        var dev = app.MapGroup("/_dev").AddEndpointFilter(MapRefusals);
        dev.MapPost("/reset", async (SnapshotService service, CancellationToken ct)
            => Results.Json(new ResetDocument(Milliseconds(await service.ResetAsync(ct).ConfigureAwait(false))), SnapshotJsonContext.Default.ResetDocument));
        dev.MapGet("/snapshots", async (SnapshotService service, CancellationToken ct)
            => Results.Json(new SnapshotListDocument([.. (await service.ListAsync(ct).ConfigureAwait(false)).Select(s => Document(s))]), SnapshotJsonContext.Default.SnapshotListDocument));
        dev.MapGet("/snapshots/{name}", async (string name, SnapshotService service, CancellationToken ct)
            => Json(await FindAsync(service, SnapshotName.Parse(name), ct).ConfigureAwait(false)));
        dev.MapPut("/snapshots/{name}", async (string name, SnapshotService service, CancellationToken ct) =>
        {
            var (snapshot, elapsed) = await service.SaveAsync(SnapshotName.Parse(name), ct).ConfigureAwait(false);
            return Json(snapshot, elapsed);
        });
        dev.MapPost("/snapshots/{name}/restore", async (string name, SnapshotService service, CancellationToken ct) =>
        {
            var snapshotName = SnapshotName.Parse(name);
            var elapsed = await service.RestoreAsync(snapshotName, ct).ConfigureAwait(false);
            return Json(await FindAsync(service, snapshotName, ct).ConfigureAwait(false), elapsed);
        });
        dev.MapDelete("/snapshots/{name}", async (string name, SnapshotService service, CancellationToken ct) =>
        {
            var snapshotName = SnapshotName.Parse(name);
            return await service.DeleteAsync(snapshotName, ct).ConfigureAwait(false) ? Results.NoContent() : throw SnapshotException.NotFound(snapshotName);
        });

        // moto's reset (moto/moto_api/_internal/urls.py): a POST, answered {"status": "ok"}.
        app.MapPost(MotoResetPath, async (SnapshotService service, CancellationToken ct) =>
        {
            await service.ResetAsync(ct).ConfigureAwait(false);
            return Results.Json(new MotoStatusDocument("ok"), SnapshotJsonContext.Default.MotoStatusDocument);
        }).AddEndpointFilter(MapRefusals);
    }

    /// <summary>Under <c>start</c>: the same paths, refused with a message instead of a bare 404.</summary>
    public static void MapSnapshotsRefused(this WebApplication app)
    {
        var refusal = new ErrorDocument("DevelopmentOnly", "Reset and snapshots exist only in start-dev; this server was started with start, and its state is never reset by a request.");
        IResult Refuse() => Results.Json(refusal, SnapshotJsonContext.Default.ErrorDocument, statusCode: StatusCodes.Status403Forbidden);
        app.MapMethods(ResetPath, [HttpMethods.Post], Refuse);
        app.MapMethods(MotoResetPath, [HttpMethods.Post], Refuse);
        app.MapMethods(SnapshotsPath, [HttpMethods.Get], Refuse);
        app.MapMethods(SnapshotsPath + "/{**rest}", [HttpMethods.Get, HttpMethods.Put, HttpMethods.Post, HttpMethods.Delete], Refuse);
    }

    /// <summary>The one place a <see cref="SnapshotException"/> becomes an answer: a 4xx with the refusal's code and message.</summary>
    private static async ValueTask<object?> MapRefusals(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (SnapshotException e)
        {
            var (code, status) = e.Error switch
            {
                SnapshotError.InvalidName => ("InvalidSnapshotName", StatusCodes.Status400BadRequest),
                SnapshotError.NotFound => ("SnapshotNotFound", StatusCodes.Status404NotFound),
                SnapshotError.Busy => ("Busy", StatusCodes.Status409Conflict),
                SnapshotError.Unavailable => ("NotAvailable", StatusCodes.Status409Conflict),
                SnapshotError.WrongMasterKey => ("WrongMasterKey", StatusCodes.Status409Conflict),
                SnapshotError.NewerSchema => ("NewerSchema", StatusCodes.Status409Conflict),
                SnapshotError.Unreadable => ("SnapshotUnreadable", StatusCodes.Status409Conflict),
                _ => ("SnapshotError", StatusCodes.Status409Conflict),
            };
            return Results.Json(new ErrorDocument(code, e.Message), SnapshotJsonContext.Default.ErrorDocument, statusCode: status);
        }
    }

    private static async Task<SnapshotInfo> FindAsync(SnapshotService service, SnapshotName name, CancellationToken cancellationToken)
        => await service.FindAsync(name, cancellationToken).ConfigureAwait(false) ?? throw SnapshotException.NotFound(name);

    private static IResult Json(SnapshotInfo snapshot, TimeSpan? elapsed = null)
        => Results.Json(Document(snapshot, elapsed), SnapshotJsonContext.Default.SnapshotDocument);

    private static SnapshotDocument Document(SnapshotInfo snapshot, TimeSpan? elapsed = null)
        => new(snapshot.Name, snapshot.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), snapshot.SizeBytes, elapsed is { } e ? Milliseconds(e) : null);

    private static double Milliseconds(TimeSpan elapsed) => Math.Round(elapsed.TotalMilliseconds, 1);
}

internal sealed record SnapshotDocument(string Name, string CreatedAt, long SizeBytes, double? ElapsedMs);

internal sealed record SnapshotListDocument(IReadOnlyList<SnapshotDocument> Snapshots);

internal sealed record ResetDocument(double ElapsedMs);

internal sealed record MotoStatusDocument(string Status);

internal sealed record ErrorDocument(string Error, string Message);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SnapshotDocument))]
[JsonSerializable(typeof(SnapshotListDocument))]
[JsonSerializable(typeof(ResetDocument))]
[JsonSerializable(typeof(MotoStatusDocument))]
[JsonSerializable(typeof(ErrorDocument))]
internal sealed partial class SnapshotJsonContext : JsonSerializerContext;

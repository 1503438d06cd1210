// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Tessera.Core;
using Tessera.Core.Security;
using Tessera.Server.AdminConsole;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdentity;
using Tessera.Server.Discovery;
using Tessera.Server.OAuth;
using Tessera.Server.Messaging;
using Tessera.Server.Snapshots;
using Tessera.Server.Sts;
using Tessera.Server.UserImport;
using Tessera.Storage;
using Tessera.Storage.PostgreSql;
using Tessera.Storage.Sqlite;

namespace Tessera.Server.Hosting;

/// <summary>Builds the one web application that serves every surface on one port.</summary>
public static partial class TesseraApp
{
    public const string DefaultUrl = "http://localhost:9229";

    public static WebApplication Create(string[] args, TesseraMode mode, Action<WebApplicationBuilder>? configure = null)
    {
        // appsettings.json is read once, at start: reload-on-change would watch the content root, the working directory,
        // which holds the data directory, so every SQLite write woke a FileSystemWatcher (4% of a sign-in's CPU, issue 17),
        // and options are read at start anyway. The command line given after it can still turn it back on.
        var builder = WebApplication.CreateSlimBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);
        // One line per entry; Logging:Console:FormatterName=json (ASP.NET Core's own setting) writes JSON lines instead
        // (docs/production.md, "Logs"). Read here because the slim builder's console logger sets "simple" after binding it.
        var formatter = builder.Configuration["Logging:Console:FormatterName"];
        builder.Logging.AddConsole(o => o.FormatterName = string.IsNullOrEmpty(formatter) ? ConsoleFormatterNames.Simple : formatter);
        builder.Services.Configure<SimpleConsoleFormatterOptions>(o => { o.SingleLine = true; o.TimestampFormat ??= "HH:mm:ss "; });
        builder.Services.Configure<JsonConsoleFormatterOptions>(o =>
        {
            if (o.TimestampFormat is null)
            {
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
                o.UseUtcTimestamp = true;
            }
        });
        // Framework chatter stays out of the way; configuration (Logging:LogLevel:…) can turn it back on.
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        // The startup lines and the request log say what matters; the host's own lines ("Hosting environment:
        // Production", a stack trace for a port in use) would only mislead (the CLI reports a taken port in one line).
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        var urls = builder.Configuration["urls"] is { Length: > 0 } given ? given : builder.Configuration["ASPNETCORE_URLS"];
        if (string.IsNullOrEmpty(urls))
        {
            builder.WebHost.UseUrls(mode == TesseraMode.Development ? DefaultUrl : "http://0.0.0.0:9229");
        }
        else if (mode == TesseraMode.Development && string.IsNullOrEmpty(builder.Configuration["Tessera:PublicUrl"])
            && ListenAddress.PublicUrlFor(urls) is { } derived)
        {
            builder.Configuration["Tessera:PublicUrl"] = derived;
        }

        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        // The slim builder leaves HTTPS out; Kestrel:Endpoints:*:Certificate in configuration brings it back.
        builder.WebHost.UseKestrelHttpsConfiguration();
        configure?.Invoke(builder);

        var services = builder.Services;
        services.AddSingleton(new TesseraRuntime(mode));
        services.AddOptions<TesseraOptions>().BindConfiguration("Tessera").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AdminOptions>().BindConfiguration("Tessera:Admin");
        services.AddOptions<StorageOptions>().BindConfiguration("Tessera:Storage");
        // start-dev lets a test suite's burst of sign-ups queue for the hash; start keeps accepted sign-ins fast and sheds.
        services.AddOptions<PasswordHashingOptions>().BindConfiguration("Tessera:Passwords").PostConfigure(o =>
        {
            if (mode == TesseraMode.Development && o.QueueBudget is null && o.QueueBudgetHashTimes is null)
            {
                o.QueueBudget = PasswordHashingOptions.DevelopmentQueueBudget;
            }
        });
        // Rate limits guard a service on a network; start-dev's callers are the developer's own tests.
        services.AddOptions<RateLimitOptions>().PostConfigure(o => o.Enabled ??= mode == TesseraMode.Production);
        var metrics = MetricsExport.AddTo(builder);
        services.AddOptions<MailOptions>().BindConfiguration("Tessera:Mail").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<MailOptions>, MailOptionsValidation>();

        var storage = builder.Configuration.GetSection("Tessera:Storage").Get<StorageOptions>() ?? new StorageOptions();
        var startup = StartupCheck.Run(builder.Configuration, mode, storage);
        if (storage.Provider == StorageProvider.PostgreSql)
        {
            // Several nodes: each one's cached pools, clients, domains and scopes follow the others' writes.
            CacheInvalidationListener.AddTo(services, storage.ConnectionString!);
            NodeSettingsCheck.AddTo(services, startup.MasterKey);
        }

        services.AddTesseraStorage(o =>
        {
            if (storage.Provider == StorageProvider.PostgreSql)
            {
                PostgreSqlStorage.Use(o, storage.ConnectionString!);
            }
            else
            {
                SqliteStorage.Use(o, startup.SqliteConnectionString!, storage.SqliteSynchronousIn(mode));
            }
        });
        services.AddTesseraCore(startup.MasterKey).AddTesseraServices();
        if (mode == TesseraMode.Development)
        {
            services.AddSnapshots(storage, startup.SqliteConnectionString);
        }

        HealthEndpoints.AddTo(services, storage.Provider == StorageProvider.PostgreSql);
        BrowserAccess.AddTo(services);
        services.AddOptions<CustomDomainOptions>().Configure<IConfiguration>((o, c) =>
        {
            foreach (var entry in c.GetSection("Tessera:CustomDomains").GetChildren())
            {
                o.Hosts[entry.Key] = entry.Value ?? string.Empty;
            }
        });
        services.AddScoped<Tessera.Server.OAuth.Authorize.AuthorizeRequestValidator>();
        services.AddConsole();

        var app = builder.Build();
        app.Lifetime.ApplicationStarted.Register(() => LogStarted(app, mode, startup));
        if (mode == TesseraMode.Development)
        {
            app.UseDevRequestLog();
            // Before any endpoint, so no request runs across a reset or a restore (docs/test-suites.md).
            app.UseRequestGate();
        }

        app.UseHostedUiHosts();
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/_dev") || c.Request.Path.StartsWithSegments("/moto-api"), dev => dev.Use(RefuseForeignBrowsersAsync));
        app.UseConsole();
        app.UseRouting();
        app.UseCors();
        app.MapPost("/", (HttpContext context, AwsJsonEndpoint json, StsEndpoint sts) => IsQueryProtocol(context.Request) ? sts.HandleAsync(context) : json.HandleAsync(context));
        app.MapMethods("/", ["OPTIONS"], (HttpContext context, BrowserAccess browsers) => browsers.Preflight(context));
        HealthEndpoints.Map(app);
        MetricsExport.Map(app, metrics);
        app.MapDiscovery();
        app.MapHostedUi();
        app.MapConsole();
        if (mode == TesseraMode.Development)
        {
            app.MapDevInbox();
            app.MapSnapshots();
        }
        else
        {
            app.MapSnapshotsRefused();
        }

        app.MapIdentityKeys();
        app.MapUserImports(mode == TesseraMode.Development);
        return app;
    }

    /// <summary>
    /// <c>/_dev/*</c> (start-dev's inbox, reset and snapshots) and moto's <c>/moto-api/reset</c> answer the developer's own
    /// browser and scripts, never another site's page: no CORS, and a request a foreign page caused (a cross-site POST needs
    /// no preflight) is refused before it runs.
    /// </summary>
    private static async Task RefuseForeignBrowsersAsync(HttpContext context, RequestDelegate next)
    {
        if (context.RequestServices.GetRequiredService<BrowserAccess>().IsForeignBrowserRequest(context.Request))
        {
            await Results.Json(
                new ErrorDocument("CrossOriginRefused", "The development endpoints answer only this Tessera's own pages and scripts, not pages of other sites."),
                SnapshotJsonContext.Default.ErrorDocument,
                statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    /// <summary>STS speaks the Query protocol: a form body and no X-Amz-Target (DESIGN.md §2).</summary>
    private static bool IsQueryProtocol(HttpRequest request)
        => !request.Headers.ContainsKey("X-Amz-Target")
            && request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>
    /// Applies migrations and switches SQLite to WAL, or with <c>Tessera:Storage:ApplyMigrations=false</c> checks that
    /// <c>tessera migrate</c> has; run before the first request.
    /// </summary>
    /// <exception cref="SchemaMismatchException">The schema is newer than this build, or lacks migrations it may not apply.</exception>
    public static async Task PrepareStoreAsync(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TesseraDbContext>();
        var storage = scope.ServiceProvider.GetRequiredService<IOptions<StorageOptions>>().Value;
        if (storage.ApplyMigrations)
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Tessera");
            await StoreMigration.MigrateAsync(db, storage, limit => LogWaitingForMigrationLock(logger, limit), CancellationToken.None).ConfigureAwait(false);
        }
        else
        {
            await StoreMigration.RequireCurrentAsync(db, CancellationToken.None).ConfigureAwait(false);
        }

        var stored = await db.SigningKeys.AsNoTracking().OrderBy(k => k.Kid).Select(k => k.PrivateKeyCiphertext).FirstOrDefaultAsync().ConfigureAwait(false);
        if (stored is not null && !scope.ServiceProvider.GetRequiredService<Tessera.Core.Tokens.KeyRing>().Opens(stored))
        {
            LogMasterKeyMismatch(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Tessera"));
        }
    }

    private static void LogStarted(WebApplication app, TesseraMode mode, StartupCheck startup)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Tessera");
        var options = app.Services.GetRequiredService<IOptions<TesseraOptions>>().Value;
        var admin = app.Services.GetRequiredService<IOptions<AdminOptions>>().Value;
        LogListening(logger, string.Join(", ", app.Urls), startup.StoreDescription, options.Region);
        LogPublicUrl(logger, options.PublicUrl);
        if (ListenAddress.Unreachable(options.PublicUrl, app.Urls))
        {
            LogUnreachablePublicUrl(logger, options.PublicUrl);
        }

        LogReady(logger);
        if (mode == TesseraMode.Development)
        {
            if (admin.IsConfigured)
            {
                LogDevVerified(logger);
            }
            else
            {
                LogDevOpen(logger);
            }
        }
    }

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Tessera:MasterKey does not open the signing keys stored in the database: this node can neither sign nor check tokens of the existing user pools, nor open their client secrets. Give every node the master key the database was sealed with (docs/production.md).")]
    private static partial void LogMasterKeyMismatch(ILogger logger);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Another node holds the migration lock and is migrating the database: waiting for it (up to {Limit}, Tessera:Storage:MigrationLockTimeout)")]
    private static partial void LogWaitingForMigrationLock(ILogger logger, TimeSpan limit);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Tessera listening on {Urls}; store: {Store}; region {Region}")]
    private static partial void LogListening(ILogger logger, string urls, string store, string region);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Public URL (token issuer, discovery, hosted UI): {PublicUrl}")]
    private static partial void LogPublicUrl(ILogger logger, Uri publicUrl);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Tessera:PublicUrl {PublicUrl} names this machine on a port Tessera does not listen on: clients will not reach the issuer, discovery or JWKS there. Set Tessera:PublicUrl to the URL clients use.")]
    private static partial void LogUnreachablePublicUrl(ILogger logger, Uri publicUrl);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Ready. Press Ctrl+C to stop.")]
    private static partial void LogReady(ILogger logger);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "start-dev: NO admin key is configured, so administrative calls with ANY well-formed SigV4 signature are accepted. Set Tessera__Admin__AccessKeyId and Tessera__Admin__SecretAccessKey to verify them. Do not expose this process to a network.")]
    private static partial void LogDevOpen(ILogger logger);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "start-dev: administrative calls are verified against the configured admin key.")]
    private static partial void LogDevVerified(ILogger logger);
}

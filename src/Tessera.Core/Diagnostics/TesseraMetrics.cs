// SPDX-License-Identifier: Apache-2.0
using System.Diagnostics.Metrics;

namespace Tessera.Core.Diagnostics;

/// <summary>
/// Tessera's own meter, <c>Tessera</c>: what an operator watches besides the ASP.NET Core and runtime meters
/// (docs/production.md, "Metrics"). Instruments cost next to nothing while nothing listens: the server collects them
/// only when <c>Tessera:Metrics</c> turns on a Prometheus endpoint or an OTLP exporter. Tag values come from small fixed
/// sets (operation names, flows, error codes), never from user input.
/// </summary>
public static class TesseraMetrics
{
    /// <summary>The meter's name, for a listener or an OpenTelemetry <c>AddMeter</c>.</summary>
    public const string MeterName = "Tessera";

    private static readonly Meter Meter = new(MeterName, typeof(TesseraMetrics).Assembly.GetName().Version?.ToString());

    private static readonly Counter<long> Requests = Meter.CreateCounter<long>(
        "tessera.requests", "{request}", "Cognito and STS API calls by operation and outcome (ok, or the error code).");

    private static readonly Counter<long> SignIns = Meter.CreateCounter<long>(
        "tessera.sign_ins", "{attempt}", "Sign-in steps (InitiateAuth, RespondToAuthChallenge and their Admin forms) by flow and outcome: tokens, challenge, or the error code.");

    private static readonly Counter<long> TokensIssued = Meter.CreateCounter<long>(
        "tessera.tokens.issued", "{token}", "Signed JWTs issued by token_use (access, id).");

    private static readonly Counter<long> Refreshes = Meter.CreateCounter<long>(
        "tessera.refreshes", "{refresh}", "Refresh-token redemptions by outcome (ok, or the error).");

    private static readonly Counter<long> Throttled = Meter.CreateCounter<long>(
        "tessera.throttled", "{request}", "Requests refused with TooManyRequestsException or HTTP 429, by reason.");

    private static long hashesQueued;

    // Observed at each collection, so the gauge is in the first scrape (0) before any hash has queued.
    private static readonly ObservableUpDownCounter<long> HashQueue = Meter.CreateObservableUpDownCounter(
        "tessera.password_hash.queue", () => Volatile.Read(ref hashesQueued), "{hash}", "Password hashes waiting for a core.");

    // OpenTelemetry's default boundaries (0, 5, 10, 25 … 10,000) suit milliseconds: in seconds every hash, trigger and
    // command fell into one bucket, so no percentile could be read from a scrape.
    private static readonly InstrumentAdvice<double> SecondsBuckets = new()
    {
        HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    };

    private static readonly Histogram<double> HashWait = Meter.CreateHistogram<double>(
        "tessera.password_hash.wait", "s", "Time a password hash waited for a core.", tags: null, advice: SecondsBuckets);

    private static readonly Histogram<double> HashDuration = Meter.CreateHistogram<double>(
        "tessera.password_hash.duration", "s", "Time one password hash took, once it had a core.", tags: null, advice: SecondsBuckets);

    private static readonly Histogram<double> TriggerDuration = Meter.CreateHistogram<double>(
        "tessera.lambda_trigger.duration", "s", "Lambda trigger invocations by trigger and outcome (ok, or the Cognito error the caller got): their count and how long each took.", tags: null, advice: SecondsBuckets);

    private static readonly Histogram<double> StoreDuration = Meter.CreateHistogram<double>(
        "tessera.store.duration", "s", "Database commands by kind (query, non_query, scalar) and outcome (ok, error): their count and how long each took to execute.", tags: null, advice: SecondsBuckets);

    private static readonly Counter<long> CacheLookups = Meter.CreateCounter<long>(
        "tessera.cache.lookups", "{lookup}", "Lookups of pools, clients, domains and scopes in the per-node cache, by cache and result (hit, miss).");

    public static void Request(string operation, string outcome)
        => Requests.Add(1, new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("outcome", outcome));

    public static void SignIn(string flow, string outcome)
        => SignIns.Add(1, new KeyValuePair<string, object?>("flow", flow), new KeyValuePair<string, object?>("outcome", outcome));

    public static void TokenIssued(string tokenUse) => TokensIssued.Add(1, new KeyValuePair<string, object?>("token_use", tokenUse));

    public static void Refresh(string outcome) => Refreshes.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public static void Throttle(string reason) => Throttled.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public static void HashQueued(int delta) => Interlocked.Add(ref hashesQueued, delta);

    public static void HashWaited(TimeSpan wait) => HashWait.Record(wait.TotalSeconds);

    public static void Hashed(TimeSpan duration) => HashDuration.Record(duration.TotalSeconds);

    public static void TriggerInvoked(string trigger, string outcome, TimeSpan duration)
        => TriggerDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("trigger", trigger), new KeyValuePair<string, object?>("outcome", outcome));

    public static void StoreCommand(string kind, bool ok, TimeSpan duration)
        => StoreDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("outcome", ok ? "ok" : "error"));

    /// <summary>Whether anything collects the store histogram, so the storage layer reports commands only then.</summary>
    public static bool TimingStore => StoreDuration.Enabled;

    public static void CacheLookup(string cache, bool hit)
        => CacheLookups.Add(1, new KeyValuePair<string, object?>("cache", cache), new KeyValuePair<string, object?>("result", hit ? "hit" : "miss"));

    /// <summary>Whether anything collects the hash histograms, so the hasher reads the clock only then.</summary>
    public static bool TimingHashes => HashWait.Enabled || HashDuration.Enabled;
}

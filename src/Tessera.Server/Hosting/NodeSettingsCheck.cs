// SPDX-License-Identifier: Apache-2.0
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Tessera.Core;
using Tessera.Storage.PostgreSql;

namespace Tessera.Server.Hosting;

/// <summary>
/// On PostgreSQL, tells the other nodes this node's shared settings and warns (event 2402) about each one another node
/// has differently, where a difference breaks tokens or administration (docs/production.md, "Settings every node must
/// share"). Secrets travel as SHA-256 digests only. Each node announces itself once it listens, and answers the
/// announcements of nodes that start after it.
/// </summary>
internal sealed partial class NodeSettingsCheck : BackgroundService
{
    private static readonly Dictionary<string, string> Consequences = new(StringComparer.Ordinal)
    {
        ["Tessera:MasterKey"] = "neither can open what the other sealed (signing keys, client secrets, sessions)",
        ["Tessera:PublicUrl"] = "tokens one issues, the other refuses",
        ["Tessera:IssuerMode"] = "tokens one issues, the other refuses",
        ["Tessera:Region"] = "pool ids, issuers and SigV4 scopes differ: calls and tokens for one are refused by the other",
        ["Tessera:AccountId"] = "ARNs and STS answers differ by node",
        ["Tessera:Admin"] = "administrative calls succeed or fail by the node the load balancer picks",
        ["Tessera:CustomDomains"] = "the hosted UI answers on a custom host on some nodes only",
        ["Tessera:Lambda"] = "triggers run differently by node",
    };

    private readonly PostgreSqlCacheInvalidation channel;
    private readonly ILogger logger;
    private readonly string node = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
    private readonly Channel<JsonObject> heard = System.Threading.Channels.Channel.CreateUnbounded<JsonObject>(new() { SingleReader = true });
    private readonly ConcurrentDictionary<string, bool> warned = new(StringComparer.Ordinal);

    public NodeSettingsCheck(PostgreSqlCacheInvalidation channel, IConfiguration configuration, IOptions<TesseraOptions> options, byte[] masterKey, ILogger<NodeSettingsCheck> logger)
    {
        this.channel = channel;
        this.logger = logger;
        Settings = Describe(configuration, options.Value, masterKey);
        channel.NodeMessage = payload =>
        {
            try
            {
                if (JsonNode.Parse(payload) is JsonObject message && (message["node"] as JsonValue)?.ToString() != node)
                {
                    heard.Writer.TryWrite(message);
                }
            }
            catch (System.Text.Json.JsonException)
            {
                // Not an announcement this version understands.
            }
        };
    }

    /// <summary>What this node announces: each shared setting, secrets as digests.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    public static void AddTo(IServiceCollection services, byte[] masterKey)
        => services.AddHostedService(sp => new NodeSettingsCheck(
            sp.GetRequiredService<PostgreSqlCacheInvalidation>(),
            sp.GetRequiredService<IConfiguration>(),
            sp.GetRequiredService<IOptions<TesseraOptions>>(),
            masterKey,
            sp.GetRequiredService<ILogger<NodeSettingsCheck>>()));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!channel.Listening)
            {
                await Task.Delay(100, stoppingToken).ConfigureAwait(false);
            }

            await channel.AnnounceAsync(Message("hello"), stoppingToken).ConfigureAwait(false);
            await foreach (var message in heard.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                Compare(message);
                if ((message["type"] as JsonValue)?.ToString() == "hello")
                {
                    await channel.AnnounceAsync(Message("reply"), stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Npgsql.NpgsqlException e)
        {
            LogNotChecked(logger, e);
        }
    }

    private void Compare(JsonObject message)
    {
        var other = (message["node"] as JsonValue)?.ToString() ?? "?";
        if (message["settings"] is not JsonObject theirs)
        {
            return;
        }

        foreach (var (name, ours) in Settings)
        {
            var value = (theirs[name] as JsonValue)?.ToString();
            if (value is not null && value != ours && warned.TryAdd($"{other} {name}", true))
            {
                LogDifferent(logger, other, name, value, ours, Consequences[name]);
            }
        }
    }

    private string Message(string type)
    {
        var settings = new JsonObject();
        foreach (var (name, value) in Settings)
        {
            settings[name] = value;
        }

        return new JsonObject { ["type"] = type, ["node"] = node, ["settings"] = settings }.ToJsonString();
    }

    private static Dictionary<string, string> Describe(IConfiguration configuration, TesseraOptions options, byte[] masterKey)
    {
        var admin = configuration.GetSection("Tessera:Admin");
        return new(StringComparer.Ordinal)
        {
            ["Tessera:MasterKey"] = Digest(masterKey),
            ["Tessera:PublicUrl"] = options.PublicUrl.ToString(),
            ["Tessera:IssuerMode"] = options.IssuerMode.ToString(),
            ["Tessera:Region"] = options.Region,
            ["Tessera:AccountId"] = options.AccountId,
            ["Tessera:Admin"] = $"{admin["AccessKeyId"]} (secret {Digest(Encoding.UTF8.GetBytes(admin["SecretAccessKey"] ?? string.Empty))})",
            ["Tessera:CustomDomains"] = Section(configuration.GetSection("Tessera:CustomDomains")),
            ["Tessera:Lambda"] = Section(configuration.GetSection("Tessera:Lambda")),
        };
    }

    /// <summary>Every <c>key=value</c> of a section, in order; secrets (keys naming a secret or token) as digests.</summary>
    private static string Section(IConfigurationSection section)
    {
        var values = section.AsEnumerable(makePathsRelative: true)
            .Where(e => e.Value is not null)
            .Select(e => e.Key.Contains("Secret", StringComparison.OrdinalIgnoreCase) || e.Key.Contains("Token", StringComparison.OrdinalIgnoreCase)
                ? $"{e.Key}={Digest(Encoding.UTF8.GetBytes(e.Value!))}"
                : $"{e.Key}={e.Value}")
            .Order(StringComparer.OrdinalIgnoreCase);
        var text = string.Join(", ", values);
        return text.Length == 0 ? "(none)" : text;
    }

    private static string Digest(byte[] value) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(value))[..16];

    [LoggerMessage(EventId = 2402, Level = LogLevel.Warning, Message = "Node {Node} has a different {Setting} ({Theirs}; this node: {Ours}): {Consequence}. Every node must share it (docs/production.md).")]
    private static partial void LogDifferent(ILogger logger, string node, string setting, string theirs, string ours, string consequence);

    [LoggerMessage(EventId = 2403, Level = LogLevel.Warning, Message = "Could not compare this node's shared settings with the other nodes'")]
    private static partial void LogNotChecked(ILogger logger, Exception exception);
}

// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Core.Clients;
using Tessera.Core.Federation;
using Tessera.Core.Groups;
using Tessera.Core.HostedUi;
using Tessera.Core.Identity;
using Tessera.Core.Pools;
using Tessera.Core.Portability;
using Tessera.Core.ResourceServers;
using Tessera.Core.Users;

namespace Tessera.Server.Cli;

/// <summary>What a migration read from the source, for the command's summary.</summary>
internal sealed record CognitoMigrationCounts(int Clients, int Groups, long Users, int IdentityPools);

/// <summary>
/// Reads one user pool through the Cognito API of <see cref="CognitoSource"/> and writes it as an export file (format
/// version 1, docs/portability.md), streaming users page by page. Cognito never gives out passwords, SRP verifiers or
/// TOTP secrets: users arrive without a password, in RESET_REQUIRED (federated ones stay EXTERNAL_PROVIDER), keeping
/// their sub, attributes, enabled state and groups. Identity pools that trust the pool come with their roles, not
/// their identities (ListIdentities does not say which login an identity belongs to).
/// </summary>
internal sealed class CognitoPoolExporter(CognitoSource source, PortableSecrets secrets, TimeProvider time)
{
    private static readonly JsonSerializerOptions Options = PortableFormat.Options;

    /// <summary>Writes the pool to <paramref name="output"/>; without users (<paramref name="withUsers"/> false) for a migration through the UserMigration trigger.</summary>
    public async Task<CognitoMigrationCounts> ExportAsync(string poolId, bool withUsers, Stream output, Action<long>? progress, CancellationToken cancellationToken)
    {
        var described = (await source.IdpAsync("DescribeUserPool", new JsonObject { ["UserPoolId"] = poolId }, cancellationToken).ConfigureAwait(false))["UserPool"]!.AsObject();
        var mfa = await source.IdpAsync("GetUserPoolMfaConfig", new JsonObject { ["UserPoolId"] = poolId }, cancellationToken).ConfigureAwait(false);
        await using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = Options.Encoder });
        writer.WriteStartObject();
        writer.WriteNumber("formatVersion", PortableFormat.CurrentVersion);
        writer.WriteString("exportedAt", time.GetUtcNow());
        writer.WritePropertyName("secrets");
        JsonSerializer.Serialize(writer, secrets.Header, Options);
        writer.WriteStartArray("userPools");
        writer.WriteStartObject();
        writer.WriteString("id", poolId);
        writer.WriteString("name", described["Name"]!.GetValue<string>());
        if (Instant(described["CreationDate"]) is { } created)
        {
            writer.WriteString("createdAt", created);
        }

        writer.WritePropertyName("settings");
        JsonSerializer.Serialize(writer, Settings(described, mfa), Options);

        var clients = await WriteClientsAsync(writer, poolId, cancellationToken).ConfigureAwait(false);
        await WriteDomainAsync(writer, poolId, described, cancellationToken).ConfigureAwait(false);
        await WriteRowsAsync(writer, "resourceServers", source.IdpPagesAsync("ListResourceServers", new JsonObject { ["UserPoolId"] = poolId, ["MaxResults"] = 50 }, "ResourceServers", "NextToken", cancellationToken),
            r => Task.FromResult<object>(new ResourceServer
            {
                PoolId = poolId,
                Identifier = r["Identifier"]!.GetValue<string>(),
                Name = r["Name"]!.GetValue<string>(),
                Scopes = r["Scopes"]?.Deserialize<List<ResourceServerScopeType>>(Options) ?? [],
            }),
            cancellationToken).ConfigureAwait(false);
        await WriteRowsAsync(writer, "identityProviders", source.IdpPagesAsync("ListIdentityProviders", new JsonObject { ["UserPoolId"] = poolId, ["MaxResults"] = 60 }, "Providers", "NextToken", cancellationToken),
            async p => IdentityProvider((await source.IdpAsync("DescribeIdentityProvider", new JsonObject { ["UserPoolId"] = poolId, ["ProviderName"] = p["ProviderName"]!.DeepClone() }, cancellationToken).ConfigureAwait(false))["IdentityProvider"]!.AsObject(), poolId),
            cancellationToken).ConfigureAwait(false);
        var groups = new List<string>();
        await WriteRowsAsync(writer, "groups", source.IdpPagesAsync("ListGroups", new JsonObject { ["UserPoolId"] = poolId, ["Limit"] = 60 }, "Groups", "NextToken", cancellationToken),
            g =>
            {
                groups.Add(g["GroupName"]!.GetValue<string>());
                return Task.FromResult<object>(new Group
                {
                    PoolId = poolId,
                    GroupName = g["GroupName"]!.GetValue<string>(),
                    Description = g["Description"]?.GetValue<string>(),
                    RoleArn = g["RoleArn"]?.GetValue<string>(),
                    Precedence = g["Precedence"]?.GetValue<int>(),
                    CreatedAt = Instant(g["CreationDate"]) ?? default,
                    UpdatedAt = Instant(g["LastModifiedDate"]) ?? default,
                });
            },
            cancellationToken).ConfigureAwait(false);

        long users = 0;
        writer.WriteStartArray("users");
        var listed = withUsers ? source.IdpPagesAsync("ListUsers", new JsonObject { ["UserPoolId"] = poolId, ["Limit"] = 60 }, "Users", "PaginationToken", cancellationToken) : AsyncEnumerable.Empty<JsonObject>();
        await foreach (var user in listed.ConfigureAwait(false))
        {
            JsonSerializer.Serialize(writer, User(user), Options);
            if (++users % 1000 == 0)
            {
                progress?.Invoke(users);
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        writer.WriteEndArray();
        writer.WriteStartArray("memberships");
        foreach (var group in withUsers ? groups : [])
        {
            await foreach (var member in source.IdpPagesAsync("ListUsersInGroup", new JsonObject { ["UserPoolId"] = poolId, ["GroupName"] = group, ["Limit"] = 60 }, "Users", "NextToken", cancellationToken).ConfigureAwait(false))
            {
                if (Sub(member) is { } sub)
                {
                    JsonSerializer.Serialize(writer, new GroupMembership { PoolId = poolId, GroupName = group, UserId = sub }, Options);
                }
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
        var identityPools = await WriteIdentityPoolsAsync(writer, poolId, cancellationToken).ConfigureAwait(false);
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        return new CognitoMigrationCounts(clients, groups.Count, users, identityPools);
    }

    /// <summary>
    /// DescribeUserPool's members are the settings' own names; its SchemaAttributes are read back as CreateUserPool's
    /// Schema (custom attributes without their <c>custom:</c> prefix); the MFA factors come from GetUserPoolMfaConfig.
    /// </summary>
    private static UserPoolSettings Settings(JsonObject described, JsonObject mfa)
    {
        var members = (JsonObject)described.DeepClone();
        foreach (var name in new[] { "SoftwareTokenMfaConfiguration", "EmailMfaConfiguration", "WebAuthnConfiguration" })
        {
            if (mfa[name] is { } value)
            {
                members[name] = value.DeepClone();
            }
        }

        var schema = new List<SchemaAttributeType>();
        foreach (var attribute in members["SchemaAttributes"]?.Deserialize<List<SchemaAttributeType>>(Options) ?? [])
        {
            var name = attribute.Name ?? string.Empty;
            if (name.StartsWith("dev:custom:", StringComparison.Ordinal) || name.StartsWith("custom:", StringComparison.Ordinal))
            {
                schema.Add(attribute with { Name = name[(name.IndexOf("custom:", StringComparison.Ordinal) + "custom:".Length)..] });
            }
            else if (StandardAttributes.Configurable.Contains(name))
            {
                schema.Add(attribute with { DeveloperOnlyAttribute = null });
            }
        }

        foreach (var name in new[] { "SchemaAttributes", "Id", "Name", "Arn", "Status", "CreationDate", "LastModifiedDate", "EstimatedNumberOfUsers", "Domain", "CustomDomain" })
        {
            members.Remove(name);
        }

        var settings = members.Deserialize<UserPoolSettings>(Options) ?? new UserPoolSettings();
        return SchemaAttributeRules.WithSchema(settings, schema);
    }

    private async Task<int> WriteClientsAsync(Utf8JsonWriter writer, string poolId, CancellationToken cancellationToken)
    {
        var count = 0;
        writer.WriteStartArray("clients");
        await foreach (var listed in source.IdpPagesAsync("ListUserPoolClients", new JsonObject { ["UserPoolId"] = poolId, ["MaxResults"] = 60 }, "UserPoolClients", "NextToken", cancellationToken).ConfigureAwait(false))
        {
            var client = (await source.IdpAsync("DescribeUserPoolClient", new JsonObject { ["UserPoolId"] = poolId, ["ClientId"] = listed["ClientId"]!.DeepClone() }, cancellationToken).ConfigureAwait(false))["UserPoolClient"]!.AsObject();
            var clientId = client["ClientId"]!.GetValue<string>();
            var secret = client["ClientSecret"]?.GetValue<string>();
            JsonSerializer.Serialize(writer, new PortableClient
            {
                ClientId = clientId,
                ClientName = client["ClientName"]?.GetValue<string>() ?? clientId,
                CreatedAt = Instant(client["CreationDate"]),
                Settings = client.Deserialize<AppClientSettings>(Options),
                Secrets = secret is null ? null : [new PortableClientSecret { Value = secrets.Seal(secret, "client-secret:" + clientId), CreatedAt = Instant(client["CreationDate"]) }],
            }, Options);
            count++;
        }

        writer.WriteEndArray();
        return count;
    }

    /// <summary>The pool's prefix domain (DescribeUserPool's Domain) and custom domain (CustomDomain), as DescribeUserPoolDomain tells them.</summary>
    private async Task WriteDomainAsync(Utf8JsonWriter writer, string poolId, JsonObject described, CancellationToken cancellationToken)
    {
        writer.WriteStartArray("domains");
        foreach (var name in new[] { described["Domain"]?.GetValue<string>(), described["CustomDomain"]?.GetValue<string>() })
        {
            if (string.IsNullOrEmpty(name))
            {
                continue;
            }

            var domain = (await source.IdpAsync("DescribeUserPoolDomain", new JsonObject { ["Domain"] = name }, cancellationToken).ConfigureAwait(false))["DomainDescription"]?.AsObject();
            JsonSerializer.Serialize(writer, new UserPoolDomain
            {
                Domain = name,
                PoolId = poolId,
                ManagedLoginVersion = domain?["ManagedLoginVersion"]?.GetValue<int>() ?? 1,
                CertificateArn = domain?["CustomDomainConfig"]?["CertificateArn"]?.GetValue<string>(),
            }, Options);
        }

        writer.WriteEndArray();
    }

    private JsonObject IdentityProvider(JsonObject described, string poolId)
    {
        var details = described["ProviderDetails"]?.Deserialize<Dictionary<string, string>>(Options) ?? [];
        var secretDetails = details.Where(d => ProviderDetailsRules.IsSecret(d.Key)).ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal);
        var row = JsonSerializer.SerializeToNode(new IdentityProvider
        {
            PoolId = poolId,
            ProviderName = described["ProviderName"]!.GetValue<string>(),
            ProviderType = described["ProviderType"]!.GetValue<string>(),
            Details = details.Where(d => !ProviderDetailsRules.IsSecret(d.Key)).ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal),
            AttributeMapping = described["AttributeMapping"]?.Deserialize<Dictionary<string, string>>(Options) ?? [],
            IdpIdentifiers = described["IdpIdentifiers"]?.Deserialize<List<string>>(Options) ?? [],
            Metadata = details.GetValueOrDefault("MetadataFile"),
            CreatedAt = Instant(described["CreationDate"]) ?? default,
            LastModifiedAt = Instant(described["LastModifiedDate"]) ?? default,
        }, Options)!.AsObject();
        if (secretDetails.Count > 0)
        {
            // The file member of identityProviders[].secrets: the secret details as JSON, sealed with the file key.
            row["secrets"] = secrets.Seal(JsonSerializer.Serialize(secretDetails, Options), "identity-provider-secrets");
        }

        return row;
    }

    /// <summary>The identity pools whose Cognito providers name this user pool, with their roles (GetIdentityPoolRoles).</summary>
    private async Task<int> WriteIdentityPoolsAsync(Utf8JsonWriter writer, string poolId, CancellationToken cancellationToken)
    {
        var count = 0;
        writer.WriteStartArray("identityPools");
        string? next = null;
        do
        {
            var body = new JsonObject { ["MaxResults"] = 60 };
            if (next is not null)
            {
                body["NextToken"] = next;
            }

            var page = await source.IdentityAsync("ListIdentityPools", body, cancellationToken).ConfigureAwait(false);
            foreach (var listed in page["IdentityPools"]?.AsArray() ?? [])
            {
                var id = listed!["IdentityPoolId"]!.GetValue<string>();
                var described = await source.IdentityAsync("DescribeIdentityPool", new JsonObject { ["IdentityPoolId"] = id }, cancellationToken).ConfigureAwait(false);
                var settings = described.Deserialize<IdentityPoolSettings>(Options) ?? new IdentityPoolSettings();
                if (settings.CognitoIdentityProviders?.Any(p => p.ProviderName?.EndsWith("/" + poolId, StringComparison.Ordinal) == true) != true)
                {
                    continue;
                }

                var roles = await source.IdentityAsync("GetIdentityPoolRoles", new JsonObject { ["IdentityPoolId"] = id }, cancellationToken).ConfigureAwait(false);
                settings.Roles = roles["Roles"]?.Deserialize<Dictionary<string, string>>(Options);
                settings.RoleMappings = roles["RoleMappings"]?.Deserialize<Dictionary<string, RoleMapping>>(Options);
                writer.WriteStartObject();
                foreach (var (name, member) in JsonSerializer.SerializeToNode(new IdentityPool
                {
                    Id = id,
                    Name = described["IdentityPoolName"]!.GetValue<string>(),
                    AllowUnauthenticatedIdentities = described["AllowUnauthenticatedIdentities"]?.GetValue<bool>() ?? false,
                    AllowClassicFlow = described["AllowClassicFlow"]?.GetValue<bool>(),
                    Settings = settings,
                }, Options)!.AsObject())
                {
                    writer.WritePropertyName(name);
                    if (member is null)
                    {
                        writer.WriteNullValue();
                    }
                    else
                    {
                        member.WriteTo(writer, Options);
                    }
                }

                writer.WriteEndObject();
                count++;
            }

            next = page["NextToken"]?.GetValue<string>();
        }
        while (!string.IsNullOrEmpty(next));

        writer.WriteEndArray();
        return count;
    }

    /// <summary>A ListUsers user without a password: RESET_REQUIRED (as a user import job makes them), or still EXTERNAL_PROVIDER.</summary>
    private static PortableUser User(JsonObject listed)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var attribute in listed["Attributes"]?.AsArray() ?? [])
        {
            attributes[attribute!["Name"]!.GetValue<string>()] = attribute["Value"]?.GetValue<string>() ?? string.Empty;
        }

        var status = listed["UserStatus"]?.GetValue<string>();
        return new PortableUser
        {
            Sub = Sub(listed),
            Username = listed["Username"]!.GetValue<string>(),
            Enabled = listed["Enabled"]?.GetValue<bool>() ?? true,
            Status = status == "EXTERNAL_PROVIDER" ? status : UserStatus.ResetRequired,
            CreatedAt = Instant(listed["UserCreateDate"]),
            UpdatedAt = Instant(listed["UserLastModifiedDate"]),
            Attributes = attributes,
        };
    }

    private static Guid? Sub(JsonObject user)
        => user["Attributes"]?.AsArray().FirstOrDefault(a => a?["Name"]?.GetValue<string>() == "sub")?["Value"]?.GetValue<string>() is { } sub
            && Guid.TryParse(sub, out var id) ? id : null;

    /// <summary>An AWS JSON timestamp: seconds since the epoch, with a fraction.</summary>
    private static DateTimeOffset? Instant(JsonNode? value)
        => value is JsonValue v && v.TryGetValue<double>(out var seconds) ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000)) : null;

    private static async Task WriteRowsAsync(Utf8JsonWriter writer, string name, IAsyncEnumerable<JsonObject> listed, Func<JsonObject, Task<object>> row, CancellationToken cancellationToken)
    {
        writer.WriteStartArray(name);
        await foreach (var item in listed.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var value = await row(item).ConfigureAwait(false);
            JsonSerializer.Serialize(writer, value, value.GetType(), Options);
        }

        writer.WriteEndArray();
    }
}

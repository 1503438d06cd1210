// SPDX-License-Identifier: Apache-2.0
using System.Linq.Expressions;
using System.Text.Json;
using OtpNet;
using Tessera.Core.Auth;
using Tessera.Core.Auth.Mfa;
using Tessera.Core.Auth.Srp;
using Tessera.Core.Clients;
using Tessera.Core.Configuration;
using Tessera.Core.Identity;
using Tessera.Core.Pools;
using Tessera.Core.Security;
using Tessera.Core.Tokens;
using Tessera.Core.Users;

namespace Tessera.Core.Portability;

/// <summary>
/// Writes pools, their settings, clients, users and identity pools to an export file as a stream: rows are read one at
/// a time from the store and written as they come, so memory does not grow with the number of users. Secrets are
/// opened with the master key and sealed with the file key (docs/portability.md).
/// </summary>
public sealed class ExportService(IPortabilityStore store, SecretProtector protector, TimeProvider time)
{
    private const int FlushBytes = 256 * 1024;

    /// <summary>Writes the export to <paramref name="output"/>; returns the number of users written.</summary>
    /// <exception cref="PortabilityException">The pool does not exist, or the master key does not open a stored secret.</exception>
    public async Task<long> ExportAsync(Stream output, ExportOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        var poolId = options.UserPoolId;
        var pools = await ListAsync<UserPool>(p => poolId == null || p.Id == poolId, cancellationToken).ConfigureAwait(false);
        if (poolId is not null && pools.Count == 0)
        {
            throw new PortabilityException($"User pool {poolId} does not exist in this store.");
        }

        await using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = PortableFormat.Options.Encoder });
        writer.WriteStartObject();
        writer.WriteNumber("formatVersion", PortableFormat.CurrentVersion);
        writer.WriteString("exportedAt", time.GetUtcNow());
        writer.WritePropertyName("secrets");
        JsonSerializer.Serialize(writer, options.Secrets.Header, PortableFormat.Options);
        long users = 0;
        writer.WriteStartArray(PortableReader.UserPools);
        foreach (var pool in pools.OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            users = await WriteUserPoolAsync(writer, pool, options, users, cancellationToken).ConfigureAwait(false);
        }

        writer.WriteEndArray();
        writer.WriteStartArray(PortableReader.IdentityPools);
        var identityPools = await ListAsync<IdentityPool>(_ => true, cancellationToken).ConfigureAwait(false);
        foreach (var identityPool in identityPools.Where(p => poolId is null || UsesPool(p, poolId)).OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            await WriteIdentityPoolAsync(writer, identityPool, options.Secrets, cancellationToken).ConfigureAwait(false);
        }

        writer.WriteEndArray();
        if (poolId is null)
        {
            await WriteRowsAsync(writer, PortableSections.IdentitySigningKeys, _ => true, options.Secrets, cancellationToken).ConfigureAwait(false);
        }

        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        return users;
    }

    /// <summary>An identity pool goes with a user pool whose clients it trusts (CognitoIdentityProviders).</summary>
    private static bool UsesPool(IdentityPool identityPool, string poolId)
        => identityPool.Settings.CognitoIdentityProviders?.Any(p => p.ProviderName?.EndsWith("/" + poolId, StringComparison.Ordinal) == true) == true;

    private async Task<long> WriteUserPoolAsync(Utf8JsonWriter writer, UserPool pool, ExportOptions options, long users, CancellationToken cancellationToken)
    {
        var secrets = options.Secrets;
        var id = pool.Id;
        var now = time.GetUtcNow();
        writer.WriteStartObject();
        WriteMembers(writer, new PortableUserPool
        {
            Id = id,
            Name = pool.Name,
            CreatedAt = pool.CreatedAt,
            UpdatedAt = pool.UpdatedAt,
            Settings = pool.Settings,
            RefreshTokenKeys = await RefreshTokenKeysAsync(id, now, secrets, cancellationToken).ConfigureAwait(false),
        });
        await WriteRowsAsync(writer, PortableSections.SigningKeys, k => k.PoolId == id, secrets, cancellationToken).ConfigureAwait(false);
        await WriteRowsAsync(writer, PortableSections.ResourceServers, r => r.PoolId == id, secrets, cancellationToken).ConfigureAwait(false);
        await WriteRowsAsync(writer, PortableSections.IdentityProviders, p => p.PoolId == id, secrets, cancellationToken).ConfigureAwait(false);
        await WriteRowsAsync(writer, PortableSections.SamlSigningCertificates, c => c.PoolId == id, secrets, cancellationToken).ConfigureAwait(false);
        await WriteClientsAsync(writer, id, secrets, cancellationToken).ConfigureAwait(false);
        // The keys of imported refresh tokens go in refreshTokenKeys, sealed with the file key.
        await WriteRowsAsync(writer, PortableSections.Documents, d => d.PoolId == id && d.Kind != RefreshTokenLookup.ImportedKeyKind, secrets, cancellationToken).ConfigureAwait(false);
        await WriteRowsAsync(writer, PortableSections.Domains, d => d.PoolId == id, secrets, cancellationToken).ConfigureAwait(false);
        await WriteRowsAsync(writer, PortableSections.UiCustomizations, c => c.PoolId == id, secrets, cancellationToken).ConfigureAwait(false);
        await WriteRowsAsync(writer, PortableSections.Groups, g => g.PoolId == id, secrets, cancellationToken).ConfigureAwait(false);
        writer.WriteStartArray("users");
        await foreach (var user in store.StreamAsync<User>(u => u.PoolId == id, cancellationToken).ConfigureAwait(false))
        {
            JsonSerializer.Serialize(writer, ToFile(user, secrets), PortableFormat.Options);
            users++;
            if (users % 10_000 == 0)
            {
                options.Progress?.Invoke(users);
            }

            await FlushIfFullAsync(writer, cancellationToken).ConfigureAwait(false);
        }

        writer.WriteEndArray();
        await WriteRowsAsync(writer, PortableSections.Memberships, m => m.PoolId == id, secrets, cancellationToken).ConfigureAwait(false);
        await WriteRowsAsync(writer, PortableSections.Devices, d => d.PoolId == id, secrets, cancellationToken).ConfigureAwait(false);
        await WriteRowsAsync(writer, PortableSections.Passkeys, c => c.PoolId == id, secrets, cancellationToken).ConfigureAwait(false);
        await WriteRowsAsync(writer, PortableSections.ProviderLinks, l => l.PoolId == id, secrets, cancellationToken).ConfigureAwait(false);
        await WriteRowsAsync(writer, PortableSections.Sessions, s => s.PoolId == id && s.RevokedAt == null && s.ExpiresAt > now, secrets, cancellationToken).ConfigureAwait(false);
        await WriteRowsAsync(writer, PortableSections.RefreshTokens, t => t.PoolId == id && t.RevokedAt == null && t.ExpiresAt > now, secrets, cancellationToken).ConfigureAwait(false);
        writer.WriteEndObject();
        return users;
    }

    /// <summary>
    /// The keys a pool's live refresh tokens are hashed under, sealed with the file key: this node's, and those kept from
    /// imports. None when the pool has no live refresh token, so an export of configuration alone carries no key.
    /// </summary>
    private async Task<List<string>?> RefreshTokenKeysAsync(string poolId, DateTimeOffset now, PortableSecrets secrets, CancellationToken cancellationToken)
    {
        await foreach (var _ in store.StreamAsync<RefreshTokenRecord>(t => t.PoolId == poolId && t.RevokedAt == null && t.ExpiresAt > now, cancellationToken).ConfigureAwait(false))
        {
            var keys = new List<byte[]> { protector.KeyedHashKey };
            await foreach (var document in store.StreamAsync<PoolDocument>(d => d.PoolId == poolId && d.Kind == RefreshTokenLookup.ImportedKeyKind, cancellationToken).ConfigureAwait(false))
            {
                keys.Add(OpenKey(document));
            }

            return keys.Select(k => secrets.Seal(Convert.ToBase64String(k), RefreshTokenKeyLabel(poolId))).ToList();
        }

        return null;
    }

    /// <summary>What a refresh-token key is sealed for in the file.</summary>
    internal static string RefreshTokenKeyLabel(string poolId) => "refresh-token-key:" + poolId;

    private async Task WriteClientsAsync(Utf8JsonWriter writer, string poolId, PortableSecrets secrets, CancellationToken cancellationToken)
    {
        var clients = await ListAsync<AppClient>(c => c.PoolId == poolId, cancellationToken).ConfigureAwait(false);
        var ids = clients.Select(c => c.ClientId).ToList();
        var clientSecrets = (await ListAsync<ClientSecret>(s => ids.Contains(s.ClientId), cancellationToken).ConfigureAwait(false)).ToLookup(s => s.ClientId, StringComparer.Ordinal);
        writer.WriteStartArray("clients");
        foreach (var client in clients.OrderBy(c => c.ClientId, StringComparer.Ordinal))
        {
            var file = new PortableClient
            {
                ClientId = client.ClientId,
                ClientName = client.ClientName,
                CreatedAt = client.CreatedAt,
                UpdatedAt = client.UpdatedAt,
                Settings = client.Settings,
                Secrets = clientSecrets[client.ClientId].OrderBy(s => s.CreatedAt).Select(s => new PortableClientSecret
                {
                    Id = s.Id,
                    CreatedAt = s.CreatedAt,
                    Value = secrets.Seal(System.Text.Encoding.UTF8.GetString(Open(s.Ciphertext, SecretHash.SecretPurpose)), "client-secret:" + client.ClientId),
                }).ToList() is { Count: > 0 } list ? list : null,
            };
            JsonSerializer.Serialize(writer, file, PortableFormat.Options);
        }

        writer.WriteEndArray();
    }

    private async Task WriteIdentityPoolAsync(Utf8JsonWriter writer, IdentityPool identityPool, PortableSecrets secrets, CancellationToken cancellationToken)
    {
        var id = identityPool.Id;
        writer.WriteStartObject();
        WriteMembers(writer, identityPool);
        await WriteRowsAsync(writer, PortableSections.Identities, i => i.PoolId == id, secrets, cancellationToken).ConfigureAwait(false);
        await WriteRowsAsync(writer, PortableSections.IdentityLogins, l => l.PoolId == id, secrets, cancellationToken).ConfigureAwait(false);
        writer.WriteEndObject();
    }

    private PortableUser ToFile(User user, PortableSecrets secrets)
    {
        var label = "user:" + user.Sub;
        var hasMfa = user.SoftwareTokenSecret is not null || user.PendingSoftwareTokenSecret is not null || user.SoftwareTokenMfaEnabled
            || user.SmsMfaEnabled || user.EmailMfaEnabled || user.PreferredMfa is not null;
        return new PortableUser
        {
            Sub = user.Id,
            Username = user.Username,
            Enabled = user.Enabled,
            Status = user.Status,
            CreatedAt = user.CreatedAt,
            UpdatedAt = user.UpdatedAt,
            Attributes = user.Attributes,
            PasswordHash = user.PasswordHash,
            SrpSalt = user.SrpSalt is null ? null : Convert.ToBase64String(user.SrpSalt),
            SrpVerifier = user.SrpVerifier is null ? null : secrets.Seal(Convert.ToBase64String(Open(user.SrpVerifier, SrpVerifierSealer.Purpose(user))), label + ":srpVerifier"),
            TemporaryPasswordExpiresAt = user.TemporaryPasswordExpiresAt,
            PasswordSignInDisabled = user.PasswordSignInDisabled ? true : null,
            Mfa = !hasMfa ? null : new PortableMfa
            {
                SoftwareTokenSecret = Totp(user.SoftwareTokenSecret, label + ":softwareTokenSecret"),
                PendingSoftwareTokenSecret = Totp(user.PendingSoftwareTokenSecret, label + ":pendingSoftwareTokenSecret"),
                SoftwareTokenLastTimeStep = user.SoftwareTokenLastTimeStep,
                SoftwareTokenEnabled = user.SoftwareTokenMfaEnabled,
                SmsEnabled = user.SmsMfaEnabled,
                EmailEnabled = user.EmailMfaEnabled,
                Preferred = user.PreferredMfa,
            },
        };

        string? Totp(byte[]? sealedSecret, string totpLabel)
            => sealedSecret is null ? null : secrets.Seal(Base32Encoding.ToString(Open(sealedSecret, SoftwareTokenService.Purpose(user))).TrimEnd('='), totpLabel);
    }

    private byte[] OpenKey(PoolDocument document)
    {
        try
        {
            return RefreshTokenLookup.OpenDocument(document, protector);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new PortabilityException("The master key does not open a stored refresh-token key: export with the master key the database was sealed with (Tessera:MasterKey).", e);
        }
    }

    private byte[] Open(byte[] sealedSecret, string purpose)
    {
        try
        {
            return protector.Unprotect(sealedSecret, purpose);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new PortabilityException($"The master key does not open a stored {purpose.Split(':')[0]}: export with the master key the database was sealed with (Tessera:MasterKey).", e);
        }
    }

    /// <summary>An object's members, written into the object already started (a pool's own fields, before its arrays).</summary>
    private static void WriteMembers<T>(Utf8JsonWriter writer, T value)
    {
        foreach (var (name, member) in JsonSerializer.SerializeToNode(value, PortableFormat.Options)!.AsObject())
        {
            writer.WritePropertyName(name);
            if (member is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                member.WriteTo(writer, PortableFormat.Options);
            }
        }
    }

    private async Task WriteRowsAsync<T>(Utf8JsonWriter writer, RowSection<T> section, Expression<Func<T, bool>> filter, PortableSecrets secrets, CancellationToken cancellationToken)
        where T : class
    {
        writer.WriteStartArray(section.Name);
        await foreach (var row in store.StreamAsync(filter, cancellationToken).ConfigureAwait(false))
        {
            section.ToFile(row, protector, secrets).WriteTo(writer, PortableFormat.Options);
            await FlushIfFullAsync(writer, cancellationToken).ConfigureAwait(false);
        }

        writer.WriteEndArray();
    }

    private static async Task FlushIfFullAsync(Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        if (writer.BytesPending > FlushBytes)
        {
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<List<T>> ListAsync<T>(Expression<Func<T, bool>> filter, CancellationToken cancellationToken)
        where T : class
    {
        var rows = new List<T>();
        await foreach (var row in store.StreamAsync(filter, cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        return rows;
    }
}

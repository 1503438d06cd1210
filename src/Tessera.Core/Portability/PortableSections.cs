// SPDX-License-Identifier: Apache-2.0
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Core.Auth.Passkeys;
using Tessera.Core.Configuration;
using Tessera.Core.Devices;
using Tessera.Core.Federation;
using Tessera.Core.Groups;
using Tessera.Core.HostedUi;
using Tessera.Core.Identity;
using Tessera.Core.ResourceServers;
using Tessera.Core.Security;
using Tessera.Core.Sessions;
using Tessera.Core.Tokens;

namespace Tessera.Core.Portability;

/// <summary>A secret member of a stored row, re-sealed on the way in and out.</summary>
/// <param name="StoredName">The member as stored, sealed with the master key.</param>
/// <param name="FileName">The member in the file, sealed with the file key.</param>
/// <param name="Purpose">The master-key purpose the row's secret is sealed for.</param>
/// <param name="Text">Whether the plain form is text (else bytes, written as base64).</param>
internal sealed record SealedMember(string StoredName, string FileName, Func<JsonObject, string> Purpose, bool Text)
{
    /// <summary>The row as stored, with the secret moved from the master key to the file key.</summary>
    public void ToFile(JsonObject row, SecretProtector protector, PortableSecrets secrets)
    {
        if (row[StoredName] is not JsonValue stored)
        {
            return;
        }

        var purpose = Purpose(row);
        byte[] plain;
        try
        {
            plain = protector.Unprotect(Convert.FromBase64String(stored.GetValue<string>()), purpose);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new PortabilityException($"The master key does not open the stored {purpose}: export with the master key the database was sealed with (Tessera:MasterKey).", e);
        }

        row.Remove(StoredName);
        row[FileName] = secrets.Seal(Text ? Encoding.UTF8.GetString(plain) : Convert.ToBase64String(plain), purpose);
    }

    /// <summary>Whether two sealed values of one purpose hold the same secret.</summary>
    public static bool SameSecret(SecretProtector protector, byte[] stored, byte[] incoming, string purpose)
    {
        try
        {
            return protector.Unprotect(stored, purpose).AsSpan().SequenceEqual(protector.Unprotect(incoming, purpose));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }

    /// <summary>The row from the file, with the secret moved from the file key to this node's master key.</summary>
    public void FromFile(JsonObject row, SecretProtector protector, PortableSecrets secrets)
    {
        if (row[FileName] is not JsonValue value)
        {
            return;
        }

        var purpose = Purpose(row);
        var plainText = secrets.Open(value.GetValue<string>(), purpose);
        byte[] plain;
        try
        {
            plain = Text ? Encoding.UTF8.GetBytes(plainText) : Convert.FromBase64String(plainText);
        }
        catch (FormatException e)
        {
            throw new PortabilityException($"The secret {purpose} is not base64.", e);
        }

        row.Remove(FileName);
        row[StoredName] = Convert.ToBase64String(protector.Protect(plain, purpose));
    }
}

/// <summary>An array of a pool whose elements are stored rows, written as the rows are with their secrets re-sealed.</summary>
internal abstract class RowSection(string name, SealedMember? secret)
{
    public string Name { get; } = name;

    public SealedMember? Secret { get; } = secret;

    /// <summary>Whether the rows carry the pool's id in <c>poolId</c> (set from the enclosing pool on import).</summary>
    public bool HasPoolId { get; init; } = true;

    public abstract Task<IReadOnlyList<ImportOutcome>> UpsertAsync(IPortabilityStore store, SecretProtector protector, IReadOnlyList<JsonObject> rows, CancellationToken cancellationToken);

    public JsonObject ToFile(object row, SecretProtector protector, PortableSecrets secrets)
    {
        var node = (JsonObject)JsonSerializer.SerializeToNode(row, row.GetType(), PortableFormat.Options)!;
        Secret?.ToFile(node, protector, secrets);
        return node;
    }
}

internal sealed class RowSection<T>(string name, SealedMember? secret = null) : RowSection(name, secret)
    where T : class
{
    /// <summary>Copies onto the incoming row (second argument) what a stored one keeps over the file's (a revocation made since).</summary>
    public Action<T, T>? KeepStored { get; init; }

    public override Task<IReadOnlyList<ImportOutcome>> UpsertAsync(IPortabilityStore store, SecretProtector protector, IReadOnlyList<JsonObject> rows, CancellationToken cancellationToken)
    {
        var sealedProperty = Secret is null ? null : typeof(T).GetProperty(Secret.StoredName, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase);
        var typed = new List<T>(rows.Count);
        foreach (var row in rows)
        {
            try
            {
                typed.Add(row.Deserialize<T>(PortableFormat.Options) ?? throw new PortabilityException($"An element of \"{Name}\" is null."));
            }
            catch (JsonException e)
            {
                throw new PortabilityException($"An element of \"{Name}\" is not valid: {e.Message}", e);
            }
        }

        return store.UpsertAsync(typed, sealedProperty is null && KeepStored is null ? null : Reconcile, cancellationToken);

        // The secret was sealed again for this node with a fresh nonce: a stored one that opens to the same value is kept.
        Task Reconcile(T stored, T incoming, CancellationToken cancellationToken)
        {
            KeepStored?.Invoke(stored, incoming);
            if (sealedProperty?.GetValue(stored) is byte[] old && sealedProperty.GetValue(incoming) is byte[] fresh
                && SealedMember.SameSecret(protector, old, fresh, Secret!.Purpose(JsonSerializer.SerializeToNode(incoming, PortableFormat.Options)!.AsObject())))
            {
                sealedProperty.SetValue(incoming, old);
            }

            return Task.CompletedTask;
        }
    }
}

/// <summary>The arrays of stored rows an export file holds, by name.</summary>
internal static class PortableSections
{
    private static readonly SealedMember SigningKeySecret = new("privateKeyCiphertext", "privateKey", _ => KeyRing.Purpose, Text: false);

    public static RowSection<SigningKey> SigningKeys { get; } = new("signingKeys", SigningKeySecret);
    public static RowSection<PoolDocument> Documents { get; } = new("documents");
    public static RowSection<Tessera.Core.HostedUi.UserPoolDomain> Domains { get; } = new("domains");
    public static RowSection<UiCustomization> UiCustomizations { get; } = new("uiCustomizations");
    public static RowSection<ResourceServer> ResourceServers { get; } = new("resourceServers");
    public static RowSection<IdentityProvider> IdentityProviders { get; } = new("identityProviders", new("sealedSecrets", "secrets", _ => IdentityProviderService.SecretPurpose, Text: true));
    public static RowSection<SamlSigningCertificate> SamlSigningCertificates { get; } = new("samlSigningCertificates", new("sealedPrivateKey", "privateKey", _ => IdentityProviderService.CertificateKeyPurpose, Text: false));
    public static RowSection<Group> Groups { get; } = new("groups");
    public static RowSection<GroupMembership> Memberships { get; } = new("memberships");
    public static RowSection<Device> Devices { get; } = new("devices", new("sealedVerifier", "verifier", row => DeviceService.VerifierPurpose(row["deviceKey"]?.GetValue<string>() ?? string.Empty), Text: false));
    public static RowSection<WebAuthnCredential> Passkeys { get; } = new("passkeys");
    public static RowSection<ProviderLink> ProviderLinks { get; } = new("providerLinks");

    /// <summary>Live sign-in sessions (an export leaves out ended ones): a refresh token is honoured only while its session is.</summary>
    public static RowSection<UserSession> Sessions { get; } = new("sessions")
    {
        KeepStored = (stored, incoming) =>
        {
            if (stored.RevokedAt is not null)
            {
                (incoming.RevokedAt, incoming.RevokedReason) = (stored.RevokedAt, stored.RevokedReason);
            }
        },
    };

    /// <summary>Live refresh tokens as stored: keyed hashes, under the keys the pool's <c>refreshTokenKeys</c> carry.</summary>
    public static RowSection<RefreshTokenRecord> RefreshTokens { get; } = new("refreshTokens")
    {
        KeepStored = (stored, incoming) =>
        {
            incoming.RevokedAt ??= stored.RevokedAt;
            incoming.RotatedAt ??= stored.RotatedAt;
        },
    };

    public static RowSection<IdentityRecord> Identities { get; } = new("identities");
    public static RowSection<IdentityLogin> IdentityLogins { get; } = new("logins");
    public static RowSection<IdentitySigningKey> IdentitySigningKeys { get; } = new("identitySigningKeys", new("privateKeyCiphertext", "privateKey", _ => IdentityKeyRing.Purpose, Text: false)) { HasPoolId = false };

    /// <summary>A user pool's arrays of rows, in the order they are written (each after what it refers to).</summary>
    public static IReadOnlyList<RowSection> UserPoolRows { get; } = [SigningKeys, Documents, Domains, UiCustomizations, ResourceServers, IdentityProviders, SamlSigningCertificates, Groups];

    /// <summary>A user pool's arrays that refer to its users, written after them.</summary>
    public static IReadOnlyList<RowSection> UserRows { get; } = [Memberships, Devices, Passkeys, ProviderLinks, Sessions, RefreshTokens];

    public static IReadOnlyList<RowSection> IdentityPoolRows { get; } = [Identities, IdentityLogins];

    public static RowSection? Find(string scope, string name)
    {
        var candidates = scope switch
        {
            PortableReader.UserPools => UserPoolRows.Concat(UserRows),
            PortableReader.IdentityPools => IdentityPoolRows,
            _ => [IdentitySigningKeys],
        };
        return candidates.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
    }
}

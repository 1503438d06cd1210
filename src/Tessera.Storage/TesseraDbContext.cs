// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Tessera.Core.Auth.Passkeys;
using Tessera.Core.AuthEvents;
using Tessera.Core.Clients;
using Tessera.Core.Configuration;
using Tessera.Core.Devices;
using Tessera.Core.Federation;
using Tessera.Core.Groups;
using Tessera.Core.HostedUi;
using Tessera.Core.OAuth;
using Tessera.Core.Lifecycle;
using Tessera.Core.Identity;
using Tessera.Core.Pools;
using Tessera.Core.ResourceServers;
using Tessera.Core.Sessions;
using Tessera.Core.Tokens;
using Tessera.Core.UserImport;
using Tessera.Core.Users;

namespace Tessera.Storage;

/// <summary>The one EF Core model behind every store, the same for SQLite and PostgreSQL.</summary>
public sealed class TesseraDbContext(DbContextOptions<TesseraDbContext> options) : DbContext(options)
{
    public DbSet<UserPool> UserPools => Set<UserPool>();
    public DbSet<AppClient> AppClients => Set<AppClient>();
    public DbSet<ClientSecret> ClientSecrets => Set<ClientSecret>();
    public DbSet<PoolDocument> PoolDocuments => Set<PoolDocument>();
    public DbSet<User> Users => Set<User>();
    public DbSet<Group> Groups => Set<Group>();
    public DbSet<GroupMembership> GroupMemberships => Set<GroupMembership>();
    public DbSet<RefreshTokenRecord> RefreshTokens => Set<RefreshTokenRecord>();
    public DbSet<UserSession> Sessions => Set<UserSession>();
    public DbSet<Device> Devices => Set<Device>();
    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();
    public DbSet<UserPoolDomain> UserPoolDomains => Set<UserPoolDomain>();
    public DbSet<UiCustomization> UiCustomizations => Set<UiCustomization>();
    public DbSet<ResourceServer> ResourceServers => Set<ResourceServer>();
    public DbSet<AuthorizationCode> AuthorizationCodes => Set<AuthorizationCode>();
    public DbSet<VerificationCode> VerificationCodes => Set<VerificationCode>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();
    public DbSet<IdentityPool> IdentityPools => Set<IdentityPool>();
    public DbSet<IdentityRecord> Identities => Set<IdentityRecord>();
    public DbSet<IdentityLogin> IdentityLogins => Set<IdentityLogin>();
    public DbSet<IdentitySigningKey> IdentitySigningKeys => Set<IdentitySigningKey>();
    public DbSet<IdentityProvider> IdentityProviders => Set<IdentityProvider>();
    public DbSet<ProviderLink> ProviderLinks => Set<ProviderLink>();
    public DbSet<SamlSigningCertificate> SamlSigningCertificates => Set<SamlSigningCertificate>();
    public DbSet<SamlAssertionUse> SamlAssertionUses => Set<SamlAssertionUse>();
    public DbSet<WebAuthnCredential> WebAuthnCredentials => Set<WebAuthnCredential>();
    public DbSet<UserImportJob> UserImportJobs => Set<UserImportJob>();
    public DbSet<UserImportFile> UserImportFiles => Set<UserImportFile>();
    public DbSet<AuthEvent> AuthEvents => Set<AuthEvent>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // Instants as Unix milliseconds: ordered and compared the same way by both providers.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UnixMillisecondsConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<UserPool>(e =>
        {
            e.ToTable("user_pools");
            e.HasKey(p => p.Id);
            e.Property(p => p.Id).HasMaxLength(64);
            e.Property(p => p.Name).HasMaxLength(128);
            e.Property(p => p.Settings).HasConversion(Json<UserPoolSettings>()).Metadata.SetValueComparer(JsonComparer<UserPoolSettings>());
            e.Ignore(p => p.ShortId);
            e.Ignore(p => p.Region);
        });

        modelBuilder.Entity<AppClient>(e =>
        {
            e.ToTable("app_clients");
            e.HasKey(c => c.ClientId);
            e.Property(c => c.ClientId).HasMaxLength(128);
            e.Property(c => c.PoolId).HasMaxLength(64);
            e.Property(c => c.ClientName).HasMaxLength(128);
            e.HasIndex(c => new { c.PoolId, c.ClientId });
            e.Property(c => c.Settings).HasConversion(Json<AppClientSettings>()).Metadata.SetValueComparer(JsonComparer<AppClientSettings>());
            e.HasOne<UserPool>().WithMany().HasForeignKey(c => c.PoolId).OnDelete(DeleteBehavior.Cascade);
            e.Ignore(c => c.HasSecret);
            e.HasMany(c => c.Secrets).WithOne().HasForeignKey(s => s.ClientId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ClientSecret>(e =>
        {
            e.ToTable("app_client_secrets");
            e.HasKey(s => s.Id);
            e.Property(s => s.Id).HasMaxLength(160);
            e.Property(s => s.ClientId).HasMaxLength(128);
            e.HasIndex(s => s.ClientId);
        });

        modelBuilder.Entity<PoolDocument>(e =>
        {
            e.ToTable("pool_documents");
            e.HasKey(d => new { d.PoolId, d.Kind, d.Key });
            e.Property(d => d.PoolId).HasMaxLength(64);
            e.Property(d => d.Kind).HasMaxLength(32);
            e.Property(d => d.Key).HasMaxLength(128);
            e.Property(d => d.ClientId).HasMaxLength(128);
            e.HasIndex(d => new { d.PoolId, d.Kind, d.ClientId });
            e.HasIndex(d => d.ClientId);
            e.HasOne<UserPool>().WithMany().HasForeignKey(d => d.PoolId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<AppClient>().WithMany().HasForeignKey(d => d.ClientId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<User>(e =>
        {
            e.ToTable("users");
            e.HasKey(u => u.Id);
            e.Property(u => u.PoolId).HasMaxLength(64);
            e.Property(u => u.Username).HasMaxLength(128);
            e.Property(u => u.NormalizedUsername).HasMaxLength(128);
            e.Property(u => u.Status).HasMaxLength(32);
            e.HasIndex(u => new { u.PoolId, u.NormalizedUsername }).IsUnique();
            e.HasIndex(u => new { u.PoolId, u.Email });
            e.HasIndex(u => new { u.PoolId, u.PhoneNumber });
            e.HasIndex(u => new { u.PoolId, u.PreferredUsername });
            e.Property(u => u.Attributes).HasConversion(Json<Dictionary<string, string>>()).Metadata.SetValueComparer(JsonComparer<Dictionary<string, string>>());
            e.Property(u => u.Version).IsConcurrencyToken();
            e.HasOne<UserPool>().WithMany().HasForeignKey(u => u.PoolId).OnDelete(DeleteBehavior.Cascade);
            e.Ignore(u => u.Sub);
        });

        modelBuilder.Entity<Group>(e =>
        {
            e.ToTable("groups");
            e.HasKey(g => new { g.PoolId, g.GroupName });
            e.Property(g => g.PoolId).HasMaxLength(64);
            e.Property(g => g.GroupName).HasMaxLength(128);
            e.HasOne<UserPool>().WithMany().HasForeignKey(g => g.PoolId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<GroupMembership>(e =>
        {
            e.ToTable("group_memberships");
            e.HasKey(m => new { m.PoolId, m.GroupName, m.UserId });
            e.HasIndex(m => m.UserId);
            e.HasOne<Group>().WithMany().HasForeignKey(m => new { m.PoolId, m.GroupName }).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<RefreshTokenRecord>(e =>
        {
            e.ToTable("refresh_tokens");
            e.HasKey(t => t.Id);
            e.HasIndex(t => t.TokenHash).IsUnique();
            e.HasIndex(t => t.OriginJti);
            e.HasIndex(t => t.UserId);
            e.HasOne<User>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<UserSession>(e =>
        {
            e.ToTable("sessions");
            e.HasKey(s => s.Id);
            e.Property(s => s.PoolId).HasMaxLength(64);
            e.Property(s => s.ClientId).HasMaxLength(128);
            e.Property(s => s.RevokedReason).HasMaxLength(32);
            e.Property(s => s.DeviceKey).HasMaxLength(64);
            e.HasIndex(s => new { s.UserId, s.RevokedAt });
            e.HasIndex(s => s.ExpiresAt);
            e.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Device>(e =>
        {
            e.ToTable("devices");
            e.HasKey(d => d.DeviceKey);
            e.Property(d => d.DeviceKey).HasMaxLength(64);
            e.Property(d => d.PoolId).HasMaxLength(64);
            e.Property(d => d.GroupKey).HasMaxLength(64);
            e.Property(d => d.Name).HasMaxLength(1024);
            e.Property(d => d.LastIp).HasMaxLength(64);
            e.HasIndex(d => new { d.UserId, d.DeviceKey });
            e.HasOne<User>().WithMany().HasForeignKey(d => d.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<SigningKey>(e =>
        {
            e.ToTable("signing_keys");
            e.HasKey(k => k.Kid);
            e.Property(k => k.Kid).HasMaxLength(64);
            e.HasIndex(k => k.PoolId);
            e.HasOne<UserPool>().WithMany().HasForeignKey(k => k.PoolId).OnDelete(DeleteBehavior.Cascade);
        });

        OnHostedUiModelCreating(modelBuilder);
        OnFederationModelCreating(modelBuilder);
        OnUserImportModelCreating(modelBuilder);
        modelBuilder.Entity<WebAuthnCredential>(e =>
        {
            e.ToTable("webauthn_credentials");
            // A credential id names one passkey of the pool: the key makes registering it twice race-safe.
            e.HasKey(c => new { c.PoolId, c.CredentialId });
            e.Property(c => c.PoolId).HasMaxLength(64);
            // WebAuthn §5.1: a credential id is at most 1023 bytes, 1364 characters in base64url.
            e.Property(c => c.CredentialId).HasMaxLength(1364);
            e.Property(c => c.FriendlyName).HasMaxLength(256);
            e.Property(c => c.RelyingPartyId).HasMaxLength(253);
            e.Property(c => c.AuthenticatorAttachment).HasMaxLength(32);
            e.Property(c => c.Transports).HasConversion(Json<List<string>>()).Metadata.SetValueComparer(JsonComparer<List<string>>());
            e.HasIndex(c => c.UserId);
            e.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<AuthEvent>(e =>
        {
            e.ToTable("auth_events");
            e.HasKey(a => a.EventId);
            e.Property(a => a.EventId).HasMaxLength(50);
            e.Property(a => a.PoolId).HasMaxLength(64);
            e.Property(a => a.ClientId).HasMaxLength(128);
            e.Property(a => a.EventType).HasMaxLength(32);
            e.Property(a => a.EventResponse).HasMaxLength(16);
            e.Property(a => a.IpAddress).HasMaxLength(64);
            e.Property(a => a.DeviceName).HasMaxLength(AuthEventRecorder.MaxDeviceNameLength);
            e.Property(a => a.FeedbackValue).HasMaxLength(16);
            e.Property(a => a.FeedbackProvider).HasMaxLength(16);
            e.Property(a => a.ChallengeResponses).HasConversion(Json<List<AuthEventChallenge>>()).Metadata.SetValueComparer(JsonComparer<List<AuthEventChallenge>>());
            // A user's history newest first, and housekeeping's sweep by age.
            e.HasIndex(a => new { a.UserId, a.CreatedAt });
            e.HasIndex(a => a.CreatedAt);
            e.HasOne<User>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    private static void OnUserImportModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<UserImportJob>(e =>
        {
            e.ToTable("user_import_jobs");
            e.HasKey(j => j.JobId);
            e.Property(j => j.JobId).HasMaxLength(55);
            e.Property(j => j.PoolId).HasMaxLength(64);
            e.Property(j => j.JobName).HasMaxLength(128);
            e.Property(j => j.CloudWatchLogsRoleArn).HasMaxLength(2048);
            e.Property(j => j.Status).HasMaxLength(16);
            e.Property(j => j.CompletionMessage).HasMaxLength(128);
            e.HasIndex(j => new { j.PoolId, j.CreatedAt });
            e.HasIndex(j => new { j.Status, j.CreatedAt });
            e.HasOne<UserPool>().WithMany().HasForeignKey(j => j.PoolId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<UserImportFile>(e =>
        {
            e.ToTable("user_import_files");
            e.HasKey(f => f.JobId);
            e.Property(f => f.JobId).HasMaxLength(55);
            e.HasOne<UserImportJob>().WithOne().HasForeignKey<UserImportFile>(f => f.JobId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    private static void OnFederationModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<IdentityProvider>(e =>
        {
            e.ToTable("identity_providers");
            e.HasKey(p => new { p.PoolId, p.ProviderName });
            e.Property(p => p.PoolId).HasMaxLength(64);
            e.Property(p => p.ProviderName).HasMaxLength(32);
            e.Property(p => p.ProviderType).HasMaxLength(32);
            e.Property(p => p.Details).HasConversion(Json<Dictionary<string, string>>()).Metadata.SetValueComparer(JsonComparer<Dictionary<string, string>>());
            e.Property(p => p.AttributeMapping).HasConversion(Json<Dictionary<string, string>>()).Metadata.SetValueComparer(JsonComparer<Dictionary<string, string>>());
            e.Property(p => p.IdpIdentifiers).HasConversion(Json<List<string>>()).Metadata.SetValueComparer(JsonComparer<List<string>>());
            e.HasOne<UserPool>().WithMany().HasForeignKey(p => p.PoolId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ProviderLink>(e =>
        {
            e.ToTable("provider_links");
            // One upstream identity belongs to one user of a pool: the key makes linking race-safe.
            e.HasKey(l => new { l.PoolId, l.ProviderName, l.AttributeName, l.AttributeValue });
            e.Property(l => l.PoolId).HasMaxLength(64);
            e.Property(l => l.ProviderName).HasMaxLength(32);
            e.Property(l => l.AttributeName).HasMaxLength(64);
            e.Property(l => l.AttributeValue).HasMaxLength(256);
            e.HasIndex(l => l.UserId);
            e.HasOne<User>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<SamlSigningCertificate>(e =>
        {
            e.ToTable("saml_signing_certificates");
            e.HasKey(c => c.PoolId);
            e.Property(c => c.PoolId).HasMaxLength(64);
            e.HasOne<UserPool>().WithMany().HasForeignKey(c => c.PoolId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<SamlAssertionUse>(e =>
        {
            e.ToTable("saml_assertion_uses");
            // The key makes the replay check race-safe: of two requests with one assertion, one insert wins.
            e.HasKey(u => new { u.PoolId, u.AssertionHash });
            e.Property(u => u.PoolId).HasMaxLength(64);
            e.Property(u => u.AssertionHash).HasMaxLength(32);
            e.HasIndex(u => new { u.PoolId, u.ExpiresAt });
            e.HasOne<UserPool>().WithMany().HasForeignKey(u => u.PoolId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    private static void OnHostedUiModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<UserPoolDomain>(e =>
        {
            e.ToTable("user_pool_domains");
            e.HasKey(d => d.Domain);
            e.Property(d => d.Domain).HasMaxLength(253);
            e.Property(d => d.PoolId).HasMaxLength(64);
            e.HasIndex(d => d.PoolId);
            e.HasOne<UserPool>().WithMany().HasForeignKey(d => d.PoolId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<UiCustomization>(e =>
        {
            e.ToTable("ui_customizations");
            e.HasKey(c => new { c.PoolId, c.ClientId });
            e.Property(c => c.PoolId).HasMaxLength(64);
            e.Property(c => c.ClientId).HasMaxLength(128);
            e.HasOne<UserPool>().WithMany().HasForeignKey(c => c.PoolId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ResourceServer>(e =>
        {
            e.ToTable("resource_servers");
            e.HasKey(r => new { r.PoolId, r.Identifier });
            e.Property(r => r.PoolId).HasMaxLength(64);
            e.Property(r => r.Identifier).HasMaxLength(256);
            e.Property(r => r.Name).HasMaxLength(256);
            e.Property(r => r.Scopes).HasConversion(Json<List<ResourceServerScopeType>>()).Metadata.SetValueComparer(JsonComparer<List<ResourceServerScopeType>>());
            e.HasOne<UserPool>().WithMany().HasForeignKey(r => r.PoolId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<AuthorizationCode>(e =>
        {
            e.ToTable("authorization_codes");
            e.HasKey(c => c.CodeHash);
            e.Property(c => c.PoolId).HasMaxLength(64);
            e.Property(c => c.ClientId).HasMaxLength(128);
            e.HasIndex(c => c.ExpiresAt);
            e.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<VerificationCode>(e =>
        {
            e.ToTable("verification_codes");
            e.HasKey(c => new { c.UserId, c.Purpose });
            e.Property(c => c.PoolId).HasMaxLength(64);
            e.Property(c => c.Purpose).HasMaxLength(64);
            e.Property(c => c.AttributeName).HasMaxLength(64);
            e.Property(c => c.Destination).HasMaxLength(2048);
            e.Property(c => c.PendingValue).HasMaxLength(2048);
            e.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<InboxMessage>(e =>
        {
            e.ToTable("dev_inbox");
            e.HasKey(m => m.Id);
            e.Property(m => m.Id).ValueGeneratedOnAdd();
            e.Property(m => m.PoolId).HasMaxLength(64);
            e.Property(m => m.Username).HasMaxLength(128);
            e.Property(m => m.Medium).HasMaxLength(16);
            e.Property(m => m.Destination).HasMaxLength(2048);
            e.Property(m => m.Purpose).HasMaxLength(64);
            e.HasIndex(m => m.SentAt);
        });

        modelBuilder.Entity<IdentityPool>(e =>
        {
            e.ToTable("identity_pools");
            e.HasKey(p => p.Id);
            e.Property(p => p.Id).HasMaxLength(64);
            e.Property(p => p.Name).HasMaxLength(128);
            e.Property(p => p.Settings).HasConversion(Json<IdentityPoolSettings>()).Metadata.SetValueComparer(JsonComparer<IdentityPoolSettings>());
        });

        modelBuilder.Entity<IdentityRecord>(e =>
        {
            e.ToTable("identities");
            e.HasKey(i => i.Id);
            e.Property(i => i.Id).HasMaxLength(64);
            e.Property(i => i.PoolId).HasMaxLength(64);
            e.HasIndex(i => new { i.PoolId, i.Id });
            e.HasOne<IdentityPool>().WithMany().HasForeignKey(i => i.PoolId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<IdentityLogin>(e =>
        {
            e.ToTable("identity_logins");
            // One provider identity belongs to one identity of a pool: the key makes linking race-safe.
            e.HasKey(l => new { l.PoolId, l.ProviderName, l.Subject });
            e.Property(l => l.PoolId).HasMaxLength(64);
            e.Property(l => l.ProviderName).HasMaxLength(256);
            e.Property(l => l.Subject).HasMaxLength(256);
            e.Property(l => l.IdentityId).HasMaxLength(64);
            e.HasIndex(l => l.IdentityId);
            e.HasOne<IdentityRecord>().WithMany().HasForeignKey(l => l.IdentityId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<IdentitySigningKey>(e =>
        {
            e.ToTable("identity_signing_keys");
            e.HasKey(k => k.Kid);
            e.Property(k => k.Kid).HasMaxLength(64);
        });
    }

    private static ValueConverter<T, string> Json<T>()
        where T : class, new()
        => new(v => JsonSerializer.Serialize(v, StorageJson.Options), v => JsonSerializer.Deserialize<T>(v, StorageJson.Options) ?? new T());

    private static ValueComparer<T> JsonComparer<T>()
        where T : class, new()
        => new(
            (a, b) => JsonSerializer.Serialize(a, StorageJson.Options) == JsonSerializer.Serialize(b, StorageJson.Options),
            v => JsonSerializer.Serialize(v, StorageJson.Options).GetHashCode(StringComparison.Ordinal),
            v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, StorageJson.Options), StorageJson.Options)!);

    internal sealed class UnixMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.ToUnixTimeMilliseconds(),
        v => DateTimeOffset.FromUnixTimeMilliseconds(v));
}

internal static class StorageJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}

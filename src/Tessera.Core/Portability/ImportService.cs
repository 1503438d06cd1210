// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Nodes;
using OtpNet;
using Tessera.Core.Auth;
using Tessera.Core.Auth.Mfa;
using Tessera.Core.Auth.Srp;
using Tessera.Core.Clients;
using Tessera.Core.Errors;
using Tessera.Core.Groups;
using Tessera.Core.Identity;
using Tessera.Core.Pools;
using Tessera.Core.Security;
using Tessera.Core.Tokens;
using Tessera.Core.Users;

namespace Tessera.Core.Portability;

/// <summary>
/// Reads an export file (or a seed file, the same format) into the store as a stream, in batches, in one transaction:
/// an object whose key is new is created, one that differs is updated, one that is the same is skipped, and nothing is
/// deleted, so importing a file twice changes nothing the second time. Secrets are opened with the file key and sealed
/// again with this node's master key.
/// </summary>
public sealed class ImportService(IPortabilityStore store, SecretProtector protector, PasswordSetter passwords, PasswordHasher hasher, KeyRing keys, ISigningKeyStore signingKeys)
{
    private const int BatchSize = 1000;

    private IPortabilityStore Store { get; } = store;
    private SecretProtector Protector { get; } = protector;
    private PasswordSetter Passwords { get; } = passwords;
    private PasswordHasher Hasher { get; } = hasher;
    private KeyRing Keys { get; } = keys;
    private ISigningKeyStore SigningKeys { get; } = signingKeys;

    public Task<ImportReport> ImportAsync(Stream file, ImportOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(options);
        return Store.InTransactionAsync(c => new Run(this, options).ExecuteAsync(file, c), cancellationToken);
    }

    private static Type? SectionType(string scope, string section)
    {
        if (scope == PortableReader.UserPools && section.Equals("users", StringComparison.OrdinalIgnoreCase))
        {
            return typeof(PortableUser);
        }

        if (scope == PortableReader.UserPools && section.Equals("clients", StringComparison.OrdinalIgnoreCase))
        {
            return typeof(PortableClient);
        }

        return PortableSections.Find(scope, section) is null ? null : typeof(JsonObject);
    }

    private static T Parse<T>(JsonObject node, string what)
    {
        try
        {
            return node.Deserialize<T>(PortableFormat.Options) ?? throw new PortabilityException($"{what} is null.");
        }
        catch (JsonException e)
        {
            throw new PortabilityException($"{what} is not valid: {e.Message}", e);
        }
    }

    private static byte[] FromBase64(string value, string what)
    {
        try
        {
            return Convert.FromBase64String(value);
        }
        catch (FormatException e)
        {
            throw new PortabilityException($"{what} is not base64.", e);
        }
    }

    /// <summary>One import: the file key, the pool being read, and the batch not yet written.</summary>
    private sealed class Run(ImportService service, ImportOptions options)
    {
        private readonly ImportReport report = new();
        private readonly List<object> pending = [];
        private PortableSecrets secrets = PortableSecrets.CreatePlaintext();
        private string? pendingSection;
        private UserPool? pool;
        private string? identityPoolId;
        private bool poolHasKeys;

        public async Task<ImportReport> ExecuteAsync(Stream file, CancellationToken cancellationToken)
        {
            using var items = PortableReader.Read(file, SectionType).GetEnumerator();
            while (true)
            {
                try
                {
                    if (!items.MoveNext())
                    {
                        break;
                    }
                }
                catch (JsonException e)
                {
                    throw new PortabilityException($"The file is not valid JSON, or ends early: {e.Message}", e);
                }

                await HandleAsync(items.Current, cancellationToken).ConfigureAwait(false);
            }

            await FlushAsync(cancellationToken).ConfigureAwait(false);
            return report;
        }

        private async Task HandleAsync(PortableItem item, CancellationToken cancellationToken)
        {
            switch (item)
            {
                case FileHeaderItem header:
                    secrets = PortableSecrets.Open(header.Secrets, options.SecretsKey);
                    break;
                case ScopeStartItem { Scope: PortableReader.UserPools } start:
                    await FlushAsync(cancellationToken).ConfigureAwait(false);
                    await StartUserPoolAsync(Parse<PortableUserPool>(start.Header, "A user pool"), cancellationToken).ConfigureAwait(false);
                    break;
                case ScopeStartItem start:
                    await FlushAsync(cancellationToken).ConfigureAwait(false);
                    var identityPool = Parse<IdentityPool>(start.Header, "An identity pool");
                    identityPoolId = identityPool.Id;
                    report.AddRange("identityPools", await service.Store.UpsertAsync([identityPool], null, cancellationToken).ConfigureAwait(false));
                    await service.Store.SaveAsync(cancellationToken).ConfigureAwait(false);
                    break;
                case ElementItem element:
                    if (element.Section != pendingSection || pending.Count >= BatchSize)
                    {
                        await FlushAsync(cancellationToken).ConfigureAwait(false);
                        pendingSection = element.Section;
                    }

                    if (PortableSections.SigningKeys.Name.Equals(element.Section, StringComparison.OrdinalIgnoreCase))
                    {
                        poolHasKeys = true;
                    }

                    pending.Add(element.Value);
                    break;
                case ScopeEndItem end:
                    await FlushAsync(cancellationToken).ConfigureAwait(false);
                    if (end.Scope == PortableReader.UserPools && !poolHasKeys
                        && (await service.SigningKeys.ListAsync(pool!.Id, cancellationToken).ConfigureAwait(false)).Count == 0)
                    {
                        // A seed file declares no keys: the pool gets new ones, as CreateUserPool gives.
                        await service.Keys.CreateKeysAsync(pool.Id, cancellationToken).ConfigureAwait(false);
                    }

                    pool = null;
                    identityPoolId = null;
                    break;
                default:
                    break;
            }
        }

        private async Task StartUserPoolAsync(PortableUserPool file, CancellationToken cancellationToken)
        {
            if (file.Id.IndexOf('_', StringComparison.Ordinal) is <= 0 || file.Id.EndsWith('_'))
            {
                throw new PortabilityException($"The user pool id \"{file.Id}\" is not of the form <region>_<id>.");
            }

            UserPoolSettings settings;
            try
            {
                settings = UserPoolService.Normalize(VerificationMessages.Reconcile(SchemaAttributeRules.WithSchema(file.Settings ?? new UserPoolSettings(), null)));
            }
            catch (CognitoException e)
            {
                throw new PortabilityException($"User pool {file.Id}: {e.Message}", e);
            }

            pool = new UserPool { Id = file.Id, Name = file.Name, CreatedAt = file.CreatedAt ?? default, UpdatedAt = file.UpdatedAt ?? default, Settings = settings };
            poolHasKeys = false;
            report.AddRange("userPools", await service.Store.UpsertAsync([pool], null, cancellationToken).ConfigureAwait(false));
            await service.Store.SaveAsync(cancellationToken).ConfigureAwait(false);
            await ImportRefreshTokenKeysAsync(file, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Keeps the keys the file's refresh tokens are hashed under, sealed with this node's master key, so those tokens
        /// are found (<see cref="RefreshTokenLookup"/>); this node's own key needs no copy.
        /// </summary>
        private async Task ImportRefreshTokenKeysAsync(PortableUserPool file, CancellationToken cancellationToken)
        {
            var own = service.Protector.KeyedHashKey;
            var documents = new List<Configuration.PoolDocument>();
            foreach (var value in file.RefreshTokenKeys ?? [])
            {
                var key = FromBase64(secrets.Open(value, ExportService.RefreshTokenKeyLabel(file.Id)), $"A refresh-token key of {file.Id}");
                if (key.Length != 32)
                {
                    throw new PortabilityException($"A refresh-token key of {file.Id} is not 32 bytes.");
                }

                if (!key.AsSpan().SequenceEqual(own))
                {
                    documents.Add(RefreshTokenLookup.ToDocument(file.Id, key, service.Protector));
                }
            }

            if (documents.Count > 0)
            {
                // A key is named by its digest: a stored document of the same name holds the same key, sealed with another nonce.
                report.AddRange("refreshTokenKeys", await service.Store.UpsertAsync(documents, (stored, incoming, _) =>
                {
                    incoming.Json = stored.Json;
                    return Task.CompletedTask;
                }, cancellationToken).ConfigureAwait(false));
                await service.Store.SaveAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task FlushAsync(CancellationToken cancellationToken)
        {
            if (pending.Count == 0)
            {
                return;
            }

            var section = pendingSection!;
            if (pool is not null && section.Equals("users", StringComparison.OrdinalIgnoreCase))
            {
                await ImportUsersAsync(pending.Cast<PortableUser>().ToList(), cancellationToken).ConfigureAwait(false);
            }
            else if (pool is not null && section.Equals("clients", StringComparison.OrdinalIgnoreCase))
            {
                await ImportClientsAsync(pending.Cast<PortableClient>().ToList(), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var scope = pool is not null ? PortableReader.UserPools : identityPoolId is not null ? PortableReader.IdentityPools : string.Empty;
                var rows = PortableSections.Find(scope, section)!;
                var nodes = pending.Cast<JsonObject>().ToList();
                foreach (var node in nodes)
                {
                    if (rows.HasPoolId)
                    {
                        node["poolId"] = pool?.Id ?? identityPoolId;
                    }

                    rows.Secret?.FromFile(node, service.Protector, secrets);
                }

                report.AddRange(rows.Name, await rows.UpsertAsync(service.Store, service.Protector, nodes, cancellationToken).ConfigureAwait(false));
            }

            pending.Clear();
            await service.Store.SaveAsync(cancellationToken).ConfigureAwait(false);
            options.Progress?.Invoke(report);
        }

        private async Task ImportClientsAsync(List<PortableClient> files, CancellationToken cancellationToken)
        {
            var clients = new List<AppClient>();
            var clientSecrets = new List<ClientSecret>();
            foreach (var file in files)
            {
                // The ClientIdType pattern of the Cognito API: a client id the API could not be called with is refused here.
                if (file.ClientId.Length is 0 or > 128 || !file.ClientId.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '+'))
                {
                    throw new PortabilityException($"The client id \"{file.ClientId}\" is not valid: 1 to 128 letters, digits, '_' or '+' (Cognito's ClientIdType).");
                }

                AppClientSettings settings;
                try
                {
                    settings = AppClientService.Normalize(file.Settings ?? new AppClientSettings());
                }
                catch (CognitoException e)
                {
                    throw new PortabilityException($"App client {file.ClientId}: {e.Message}", e);
                }

                clients.Add(new AppClient { ClientId = file.ClientId, PoolId = pool!.Id, ClientName = file.ClientName, CreatedAt = file.CreatedAt ?? default, UpdatedAt = file.UpdatedAt ?? default, Settings = settings });
                var index = 0;
                foreach (var secret in file.Secrets ?? [])
                {
                    var value = secrets.Open(secret.Value, "client-secret:" + file.ClientId);
                    var createdAt = secret.CreatedAt ?? default;
                    clientSecrets.Add(new ClientSecret
                    {
                        Id = secret.Id ?? $"{file.ClientId}--{(secret.CreatedAt ?? DateTimeOffset.UnixEpoch).ToUnixTimeMilliseconds() + index}",
                        ClientId = file.ClientId,
                        Ciphertext = service.Protector.ProtectString(value, SecretHash.SecretPurpose),
                        Hash = service.Protector.KeyedHash(value),
                        CreatedAt = createdAt,
                    });
                    index++;
                }
            }

            report.AddRange("clients", await service.Store.UpsertAsync(clients, null, cancellationToken).ConfigureAwait(false));
            await service.Store.SaveAsync(cancellationToken).ConfigureAwait(false);
            _ = await service.Store.UpsertAsync(clientSecrets, ReconcileClientSecretAsync, cancellationToken).ConfigureAwait(false);
        }

        private Task ReconcileClientSecretAsync(ClientSecret stored, ClientSecret incoming, CancellationToken cancellationToken)
        {
            if (SealedMember.SameSecret(service.Protector, stored.Ciphertext, incoming.Ciphertext, SecretHash.SecretPurpose))
            {
                incoming.Ciphertext = stored.Ciphertext;
            }

            return Task.CompletedTask;
        }

        private async Task ImportUsersAsync(List<PortableUser> files, CancellationToken cancellationToken)
        {
            var current = pool!;
            var names = files.Select(f => UserDirectory.Normalize(current, f.Username)).ToList();
            var stored = new Dictionary<string, User>(StringComparer.Ordinal);
            await foreach (var user in service.Store.StreamAsync<User>(u => u.PoolId == current.Id && names.Contains(u.NormalizedUsername), cancellationToken).ConfigureAwait(false))
            {
                stored[user.NormalizedUsername] = user;
            }

            var users = new List<User>(files.Count);
            var memberships = new List<GroupMembership>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < files.Count; i++)
            {
                var file = files[i];
                var existing = stored.GetValueOrDefault(names[i]);
                var id = file.Sub ?? existing?.Id ?? Guid.NewGuid();
                if (!seen.Add(names[i]))
                {
                    throw new PortabilityException($"User pool {current.Id} lists the username \"{file.Username}\" twice.");
                }

                if (existing is not null && existing.Id != id)
                {
                    throw new PortabilityException($"User pool {current.Id} already has a user \"{file.Username}\" with sub {existing.Id}, and the file gives it sub {id}: delete one of them first.");
                }

                var user = await ToUserAsync(current, file, id, existing, cancellationToken).ConfigureAwait(false);
                users.Add(user);
                memberships.AddRange((file.Groups ?? []).Select(g => new GroupMembership { PoolId = current.Id, GroupName = g, UserId = id }));
            }

            report.AddRange("users", await service.Store.UpsertAsync(users, ReconcileUserAsync, cancellationToken).ConfigureAwait(false));
            if (memberships.Count > 0)
            {
                await service.Store.SaveAsync(cancellationToken).ConfigureAwait(false);
                report.AddRange("memberships", await service.Store.UpsertAsync(memberships, null, cancellationToken).ConfigureAwait(false));
            }
        }

        private async Task<User> ToUserAsync(UserPool current, PortableUser file, Guid id, User? existing, CancellationToken cancellationToken)
        {
            var hasPassword = file.Password is not null || file.PasswordHash is not null;
            var user = new User
            {
                Id = id,
                PoolId = current.Id,
                Username = file.Username,
                NormalizedUsername = UserDirectory.Normalize(current, file.Username),
                Enabled = file.Enabled,
                Status = file.Status ?? (hasPassword ? UserStatus.Confirmed : UserStatus.ResetRequired),
                CreatedAt = file.CreatedAt ?? default,
                UpdatedAt = file.UpdatedAt ?? default,
                TemporaryPasswordExpiresAt = file.TemporaryPasswordExpiresAt,
                PasswordSignInDisabled = file.PasswordSignInDisabled ?? false,
            };
            var attributes = file.Attributes ?? [];
            if (!attributes.ContainsKey("sub"))
            {
                user.SetAttribute("sub", user.Sub);
            }

            foreach (var (name, value) in attributes)
            {
                user.SetAttribute(name, name == "sub" ? user.Sub : value);
            }

            var label = "user:" + user.Sub;
            if (file.Password is not null)
            {
                if (file.PasswordHash is not null)
                {
                    throw new PortabilityException($"User {file.Username} has both password and passwordHash: give one.");
                }

                if (existing?.PasswordHash is not null && await service.Hasher.VerifyAsync(file.Password, existing.PasswordHash, cancellationToken).ConfigureAwait(false))
                {
                    // The seed's password is already the user's: keep its hash rather than a new salt on every start.
                    (user.PasswordHash, user.SrpSalt, user.SrpVerifier) = (existing.PasswordHash, existing.SrpSalt, existing.SrpVerifier);
                }
                else
                {
                    try
                    {
                        (await service.Passwords.CreateAsync(current, user, file.Password, cancellationToken).ConfigureAwait(false)).ApplyTo(user);
                    }
                    catch (CognitoException e)
                    {
                        throw new PortabilityException($"User {file.Username}: {e.Message}", e);
                    }
                }
            }
            else if (file.PasswordHash is null && existing?.PasswordHash is not null)
            {
                // The file knows no password (a migration from Cognito, which gives none out): the one the user has set
                // here since, and the status that goes with it, stay.
                (user.PasswordHash, user.SrpSalt, user.SrpVerifier, user.Status) = (existing.PasswordHash, existing.SrpSalt, existing.SrpVerifier, existing.Status);
            }
            else
            {
                user.PasswordHash = file.PasswordHash;
                user.SrpSalt = file.SrpSalt is null ? null : FromBase64(file.SrpSalt, $"The SRP salt of {file.Username}");
                user.SrpVerifier = file.SrpVerifier is null ? null
                    : service.Protector.Protect(FromBase64(secrets.Open(file.SrpVerifier, label + ":srpVerifier"), $"The SRP verifier of {file.Username}"), SrpVerifierSealer.Purpose(user));
            }

            if (file.Mfa is { } mfa)
            {
                user.SoftwareTokenSecret = SealTotp(user, mfa.SoftwareTokenSecret, label + ":softwareTokenSecret");
                user.PendingSoftwareTokenSecret = SealTotp(user, mfa.PendingSoftwareTokenSecret, label + ":pendingSoftwareTokenSecret");
                user.SoftwareTokenLastTimeStep = mfa.SoftwareTokenLastTimeStep;
                user.SoftwareTokenMfaEnabled = mfa.SoftwareTokenEnabled;
                user.SmsMfaEnabled = mfa.SmsEnabled;
                user.EmailMfaEnabled = mfa.EmailEnabled;
                user.PreferredMfa = mfa.Preferred;
            }

            return user;
        }

        private byte[]? SealTotp(User user, string? value, string label)
        {
            if (value is null)
            {
                return null;
            }

            byte[] secret;
            try
            {
                secret = Base32Encoding.ToBytes(secrets.Open(value, label));
            }
            catch (ArgumentException e)
            {
                throw new PortabilityException($"The TOTP secret of {user.Username} is not base32.", e);
            }

            return service.Protector.Protect(secret, SoftwareTokenService.Purpose(user));
        }

        private Task ReconcileUserAsync(User stored, User incoming, CancellationToken cancellationToken)
        {
            incoming.SrpVerifier = Same(stored.SrpVerifier, incoming.SrpVerifier, SrpVerifierSealer.Purpose(incoming));
            incoming.SoftwareTokenSecret = Same(stored.SoftwareTokenSecret, incoming.SoftwareTokenSecret, SoftwareTokenService.Purpose(incoming));
            incoming.PendingSoftwareTokenSecret = Same(stored.PendingSoftwareTokenSecret, incoming.PendingSoftwareTokenSecret, SoftwareTokenService.Purpose(incoming));

            // A TOTP time step only moves forward: a code used since the export is not accepted again after a re-import.
            if (incoming.SoftwareTokenSecret == stored.SoftwareTokenSecret && stored.SoftwareTokenLastTimeStep > (incoming.SoftwareTokenLastTimeStep ?? long.MinValue))
            {
                incoming.SoftwareTokenLastTimeStep = stored.SoftwareTokenLastTimeStep;
            }

            // What the file does not carry (lockout counters, an MFA code in flight) stays as stored.
            incoming.FailedSignInCount = stored.FailedSignInCount;
            incoming.LockedUntil = stored.LockedUntil;
            incoming.MfaCodeHash = stored.MfaCodeHash;
            incoming.MfaCodeExpiresAt = stored.MfaCodeExpiresAt;
            return Task.CompletedTask;

            byte[]? Same(byte[]? old, byte[]? fresh, string purpose)
                => old is not null && fresh is not null && SealedMember.SameSecret(service.Protector, old, fresh, purpose) ? old : fresh;
        }
    }
}

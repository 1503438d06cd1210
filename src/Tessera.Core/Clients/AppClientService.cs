// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Auth;
using Tessera.Core.Errors;
using Tessera.Core.Federation;
using Tessera.Core.Pools;
using Tessera.Core.ResourceServers;
using Tessera.Core.Security;

namespace Tessera.Core.Clients;

/// <summary>Creates and changes app clients; a generated secret is sealed for DescribeUserPoolClient and keyed-hashed for checks.</summary>
public sealed class AppClientService(IUserPoolStore pools, IAppClientStore clients, ResourceServerService resourceServers, IdentityProviderService identityProviders, SecretProtector protector, TimeProvider time)
{
    /// <summary>The scopes every pool has; any other must be <c>{resource server}/{scope}</c> of one of the pool's resource servers.</summary>
    public const int MaxSecrets = 2;

    private static readonly HashSet<string> StandardScopes = new(StringComparer.Ordinal) { "openid", "email", "phone", "profile", "aws.cognito.signin.user.admin" };

    /// <summary>
    /// CreateUserPoolClient: a confidential client gets a generated secret, or the one given ("You cannot specify both
    /// GenerateSecret as true and provide a ClientSecret value", CreateUserPoolClient API reference).
    /// </summary>
    public async Task<AppClient> CreateAsync(string poolId, string name, bool generateSecret, string? clientSecret, AppClientSettings settings, CancellationToken cancellationToken)
    {
        if (generateSecret && clientSecret is not null)
        {
            throw CognitoErrors.InvalidParameter("You cannot specify both GenerateSecret as true and provide a ClientSecret value.");
        }

        var pool = await pools.FindAsync(poolId, cancellationToken).ConfigureAwait(false) ?? throw CognitoErrors.UserPoolNotFound(poolId);
        ClientAttributeLists.Check(pool, settings, creating: true);
        var now = time.GetUtcNow();
        var client = new AppClient
        {
            ClientId = RandomIds.ClientId(),
            PoolId = poolId,
            ClientName = name,
            CreatedAt = now,
            UpdatedAt = now,
            Settings = Normalize(settings),
        };
        await CheckScopesAsync(poolId, client.Settings, cancellationToken).ConfigureAwait(false);
        await identityProviders.CheckSupportedAsync(poolId, client.Settings.SupportedIdentityProviders, cancellationToken).ConfigureAwait(false);
        if (generateSecret || clientSecret is not null)
        {
            client.Secrets.Add(Seal(client.ClientId, clientSecret ?? RandomIds.ClientSecret(), now));
        }

        await clients.AddAsync(client, cancellationToken).ConfigureAwait(false);
        return client;
    }

    public async Task<AppClient> GetAsync(string poolId, string clientId, CancellationToken cancellationToken)
        => (await FindAsync(poolId, clientId, cancellationToken).ConfigureAwait(false)).Client;

    /// <summary>UpdateUserPoolClient replaces the whole configuration, as AWS does: omitted settings return to their defaults.</summary>
    public async Task<AppClient> UpdateAsync(string poolId, string clientId, string? name, AppClientSettings settings, CancellationToken cancellationToken)
    {
        var (pool, client) = await FindAsync(poolId, clientId, cancellationToken).ConfigureAwait(false);
        ClientAttributeLists.Check(pool, settings, creating: false);
        var normalized = Normalize(settings);
        await CheckScopesAsync(poolId, normalized, cancellationToken).ConfigureAwait(false);
        await identityProviders.CheckSupportedAsync(poolId, normalized.SupportedIdentityProviders, cancellationToken).ConfigureAwait(false);
        client.ClientName = name ?? client.ClientName;
        client.Settings = normalized;
        client.UpdatedAt = time.GetUtcNow();
        await clients.UpdateAsync(client, cancellationToken).ConfigureAwait(false);
        return client;
    }

    public async Task DeleteAsync(string poolId, string clientId, CancellationToken cancellationToken)
    {
        var client = await GetAsync(poolId, clientId, cancellationToken).ConfigureAwait(false);
        await clients.DeleteAsync(client.ClientId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>ListUserPoolClients: one page of the pool's clients in id order.</summary>
    public async Task<(IReadOnlyList<AppClient> Clients, string? NextToken)> ListAsync(string poolId, int maxResults, string? nextToken, CancellationToken cancellationToken)
    {
        _ = await pools.FindAsync(poolId, cancellationToken).ConfigureAwait(false) ?? throw CognitoErrors.UserPoolNotFound(poolId);
        var after = Paging.PageToken.Decode("clients", nextToken);
        var found = await clients.ListAsync(poolId, after, maxResults + 1, cancellationToken).ConfigureAwait(false);
        return Paging.PageToken.Slice(found, maxResults, "clients", c => c.ClientId);
    }

    /// <summary>The secret DescribeUserPoolClient shows: the oldest the client still has.</summary>
    public string? RevealSecret(AppClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.Secrets.OrderBy(s => s.CreatedAt).FirstOrDefault() is { } oldest ? protector.UnprotectString(oldest.Ciphertext, SecretHash.SecretPurpose) : null;
    }

    /// <summary>
    /// AddUserPoolClientSecret: a second secret for a confidential client, generated unless one is given, so the
    /// secret can be rotated with both accepted meanwhile. AWS allows "up to 2 active secrets per app client" and
    /// returns the value only when it generated it (API reference, AddUserPoolClientSecret, ClientSecretDescriptorType).
    /// </summary>
    public async Task<(ClientSecret Secret, string? GeneratedValue)> AddSecretAsync(string poolId, string clientId, string? value, CancellationToken cancellationToken)
    {
        var (_, client) = await FindAsync(poolId, clientId, cancellationToken).ConfigureAwait(false);
        if (!client.HasSecret)
        {
            throw CognitoErrors.InvalidParameter($"Client {clientId} has no client secret: only a confidential app client can have secrets added.");
        }

        if (client.Secrets.Count >= MaxSecrets)
        {
            throw CognitoErrors.LimitExceeded($"Client {clientId} already has {MaxSecrets} client secrets, the most an app client can have. Delete one first.");
        }

        var now = time.GetUtcNow();
        // Ids carry the creation time; two secrets made within one millisecond still get distinct ids.
        if (client.Secrets.Any(s => s.CreatedAt >= now))
        {
            now = client.Secrets.Max(s => s.CreatedAt).AddMilliseconds(1);
        }

        var secret = Seal(clientId, value ?? RandomIds.ClientSecret(), now);
        await clients.AddSecretAsync(secret, cancellationToken).ConfigureAwait(false);
        return (secret, value is null ? protector.UnprotectString(secret.Ciphertext, SecretHash.SecretPurpose) : null);
    }

    /// <summary>ListUserPoolClientSecrets: the client's secrets, oldest first (their values are never listed).</summary>
    public async Task<IReadOnlyList<ClientSecret>> ListSecretsAsync(string poolId, string clientId, CancellationToken cancellationToken)
        => (await FindAsync(poolId, clientId, cancellationToken).ConfigureAwait(false)).Client.Secrets.OrderBy(s => s.CreatedAt).ToList();

    /// <summary>DeleteUserPoolClientSecret: "You cannot delete the last remaining secret for an app client" (API reference).</summary>
    public async Task DeleteSecretAsync(string poolId, string clientId, string secretId, CancellationToken cancellationToken)
    {
        var (_, client) = await FindAsync(poolId, clientId, cancellationToken).ConfigureAwait(false);
        if (client.Secrets.All(s => s.Id != secretId))
        {
            throw CognitoErrors.ResourceNotFound($"Client secret {secretId} does not exist for client {clientId}.");
        }

        if (client.Secrets.Count == 1)
        {
            throw CognitoErrors.InvalidParameter($"Client secret {secretId} is the last secret of client {clientId} and cannot be deleted.");
        }

        await clients.DeleteSecretAsync(clientId, secretId, cancellationToken).ConfigureAwait(false);
    }

    private ClientSecret Seal(string clientId, string value, DateTimeOffset createdAt) => new()
    {
        Id = $"{clientId}--{createdAt.ToUnixTimeMilliseconds()}",
        ClientId = clientId,
        Ciphertext = protector.ProtectString(value, SecretHash.SecretPurpose),
        Hash = protector.KeyedHash(value),
        CreatedAt = createdAt,
    };

    private async Task<(UserPool Pool, AppClient Client)> FindAsync(string poolId, string clientId, CancellationToken cancellationToken)
    {
        var pool = await pools.FindAsync(poolId, cancellationToken).ConfigureAwait(false) ?? throw CognitoErrors.UserPoolNotFound(poolId);
        var client = await clients.FindAsync(clientId, cancellationToken).ConfigureAwait(false);
        return client is not null && client.PoolId == poolId ? (pool, client) : throw CognitoErrors.ClientNotFound(clientId);
    }

    private async Task CheckScopesAsync(string poolId, AppClientSettings settings, CancellationToken cancellationToken)
    {
        var custom = (settings.AllowedOAuthScopes ?? []).Where(s => !StandardScopes.Contains(s)).ToList();
        if (custom.Count == 0)
        {
            return;
        }

        var defined = await resourceServers.CustomScopesAsync(poolId, cancellationToken).ConfigureAwait(false);
        if (custom.FirstOrDefault(s => !defined.Contains(s)) is { } missing)
        {
            throw CognitoErrors.ScopeDoesNotExist(missing);
        }
    }

    internal static AppClientSettings Normalize(AppClientSettings settings)
    {
        var flows = settings.ExplicitAuthFlows;
        if (flows is { Count: > 0 })
        {
            var modern = flows.Count(f => f.StartsWith("ALLOW_", StringComparison.Ordinal));
            if (modern > 0 && modern < flows.Count)
            {
                throw CognitoErrors.InvalidParameter("The ExplicitAuthFlow values ALLOW_* cannot be combined with the legacy values ADMIN_NO_SRP_AUTH, CUSTOM_AUTH_FLOW_ONLY and USER_PASSWORD_AUTH.");
            }
        }

        if (settings.AllowedOAuthFlows?.Contains("client_credentials") == true && settings.AllowedOAuthFlows.Any(f => f is "code" or "implicit"))
        {
            throw new CognitoException("InvalidOAuthFlowException", "client_credentials flow can not be selected if authorization code or implicit flow is selected.");
        }

        if (settings.AllowedOAuthFlowsUserPoolClient == true && settings.AllowedOAuthFlows?.Any(f => f is "code" or "implicit") == true && settings.CallbackURLs is not { Count: > 0 })
        {
            throw CognitoErrors.InvalidParameter("A redirect uri must be specified when code or implicit flow is selected.");
        }

        return settings with
        {
            ExplicitAuthFlows = flows is { Count: > 0 } ? flows : AppClientDefaults.ExplicitAuthFlows,
            RefreshTokenValidity = settings.RefreshTokenValidity is null or 0 ? 30 : settings.RefreshTokenValidity,
            TokenValidityUnits = settings.TokenValidityUnits ?? new TokenValidityUnitsType { AccessToken = "hours", IdToken = "hours", RefreshToken = "days" },
            AllowedOAuthFlowsUserPoolClient = settings.AllowedOAuthFlowsUserPoolClient ?? false,
            PreventUserExistenceErrors = settings.PreventUserExistenceErrors ?? "LEGACY",
            EnableTokenRevocation = settings.EnableTokenRevocation ?? true,
            EnablePropagateAdditionalUserContextData = settings.EnablePropagateAdditionalUserContextData ?? false,
            AuthSessionValidity = settings.AuthSessionValidity ?? 3,
        };
    }
}

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
    private static readonly HashSet<string> StandardScopes = new(StringComparer.Ordinal) { "openid", "email", "phone", "profile", "aws.cognito.signin.user.admin" };

    public async Task<AppClient> CreateAsync(string poolId, string name, bool generateSecret, AppClientSettings settings, CancellationToken cancellationToken)
    {
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
        if (generateSecret)
        {
            var secret = RandomIds.ClientSecret();
            client.SecretCiphertext = protector.ProtectString(secret, SecretHash.SecretPurpose);
            client.SecretHash = protector.KeyedHash(secret);
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

    public string? RevealSecret(AppClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.SecretCiphertext is null ? null : protector.UnprotectString(client.SecretCiphertext, SecretHash.SecretPurpose);
    }

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

    private static AppClientSettings Normalize(AppClientSettings settings)
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

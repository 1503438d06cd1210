// SPDX-License-Identifier: Apache-2.0
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Tessera.Core;
using Tessera.Core.Clients;
using Tessera.Core.Groups;
using Tessera.Core.Security;
using Tessera.Core.Sessions;
using Tessera.Core.Tokens;
using Tessera.Core.Users;

namespace Tessera.Benchmarks.Micro;

/// <summary>A real <see cref="TokenIssuer"/> over in-memory stores: the token work of a refresh without the database.</summary>
internal sealed class IssuerFixture
{
    public const string PoolId = "us-east-1_Bench0001";

    public IssuerFixture()
    {
        var protector = new SecretProtector(RandomNumberGenerator.GetBytes(32));
        var keyStore = new MemoryKeyStore();
        Keys = new KeyRing(keyStore, protector, new SigningKeyCache(), new Tessera.Core.OAuth.OAuthLookupCache(TimeProvider.System), Options.Create(new SigningKeyOptions()), TimeProvider.System);
        Keys.CreateKeysAsync(PoolId, CancellationToken.None).GetAwaiter().GetResult();
        var options = Options.Create(new TesseraOptions { PublicUrl = new Uri("http://127.0.0.1:9230") });
        Issuer = new TokenIssuer(Keys, new NoGroups(), new MemoryRefreshTokens(), protector, options, TimeProvider.System);
        Client = new AppClient
        {
            ClientId = "3n4b5urk1ft4fl3mg5e62d9ado",
            PoolId = PoolId,
            ClientName = "bench",
            Settings = new AppClientSettings { ExplicitAuthFlows = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] },
        };
        User = new User
        {
            Id = Guid.NewGuid(),
            PoolId = PoolId,
            Username = "user07",
            NormalizedUsername = "user07",
            Status = UserStatus.Confirmed,
        };
        User.SetAttribute("sub", User.Id.ToString());
        User.SetAttribute("email", "user07@example.com");
        User.SetAttribute("email_verified", "true");
    }

    public KeyRing Keys { get; }
    public TokenIssuer Issuer { get; }
    public AppClient Client { get; }
    public User User { get; }

    public TokenSession Session() => new(Guid.NewGuid(), TimeProvider.System.GetUtcNow());

    private sealed class MemoryKeyStore : ISigningKeyStore
    {
        private readonly List<SigningKey> keys = [];

        public Task<IReadOnlyList<SigningKey>> ListAsync(string poolId, CancellationToken cancellationToken)
            => Task.FromResult<IReadOnlyList<SigningKey>>(keys.Where(k => k.PoolId == poolId).ToList());

        public Task AddAsync(SigningKey key, CancellationToken cancellationToken)
        {
            keys.Add(key);
            return Task.CompletedTask;
        }

        public Task UpdateAsync(SigningKey key, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task ApplyAsync(RotationPlan plan, CancellationToken cancellationToken)
        {
            keys.RemoveAll(k => plan.Removed.Any(r => r.Kid == k.Kid));
            keys.AddRange(plan.Added);
            return Task.CompletedTask;
        }
    }

    private sealed class NoGroups : IGroupStore
    {
        public Task<Group?> FindAsync(string poolId, string groupName, CancellationToken cancellationToken) => Task.FromResult<Group?>(null);

        public Task<bool> TryAddAsync(Group group, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task UpdateAsync(Group group, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<bool> DeleteAsync(string poolId, string groupName, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task<IReadOnlyList<Group>> ListAsync(string poolId, string? after, int limit, CancellationToken cancellationToken)
            => Task.FromResult<IReadOnlyList<Group>>([]);

        public Task<IReadOnlyList<Group>> ListForUserAsync(string poolId, Guid userId, CancellationToken cancellationToken)
            => Task.FromResult<IReadOnlyList<Group>>([]);

        public Task AddMemberAsync(string poolId, string groupName, Guid userId, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task RemoveMemberAsync(string poolId, string groupName, Guid userId, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IReadOnlyList<Guid>> ListMemberIdsAsync(string poolId, string groupName, CancellationToken cancellationToken)
            => Task.FromResult<IReadOnlyList<Guid>>([]);
    }

    private sealed class MemoryRefreshTokens : IRefreshTokenStore
    {
        public Task AddAsync(RefreshTokenRecord token, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task AddWithSessionAsync(RefreshTokenRecord token, UserSession session, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<RefreshTokenRecord?> FindByHashAsync(byte[] tokenHash, CancellationToken cancellationToken) => Task.FromResult<RefreshTokenRecord?>(null);

        public Task<RefreshTokenContext?> FindWithContextByHashAsync(byte[] tokenHash, CancellationToken cancellationToken)
            => Task.FromResult<RefreshTokenContext?>(null);

        public Task<bool> IsSessionRevokedAsync(Guid originJti, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task RevokeAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task RevokeAllForUserAsync(string poolId, Guid userId, DateTimeOffset at, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<bool> TryMarkRotatedAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken) => Task.FromResult(true);
    }
}

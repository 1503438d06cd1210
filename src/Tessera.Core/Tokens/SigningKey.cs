// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Tokens;

public enum SigningKeyStatus
{
    /// <summary>Signs new tokens.</summary>
    Active = 0,

    /// <summary>Published in the JWKS before it signs, so verifiers that cache the JWKS already know it.</summary>
    Next = 1,

    /// <summary>Published until tokens it signed have expired; signs nothing.</summary>
    Retired = 2,
}

public enum SigningKeyPurpose
{
    /// <summary>Signs ID tokens; Cognito signs ID and access tokens with different keys.</summary>
    Id = 0,
    Access = 1,
}

public sealed class SigningKey
{
    public required string Kid { get; set; }
    public required string PoolId { get; set; }
    public SigningKeyPurpose Purpose { get; set; }
    public SigningKeyStatus Status { get; set; }

    /// <summary>The PKCS#8 private key sealed with the master key.</summary>
    public required byte[] PrivateKeyCiphertext { get; set; }

    /// <summary>When the key was made, and published: a next key signs only once it has been published long enough.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the key stopped signing; it stays published until the tokens it signed have expired.</summary>
    public DateTimeOffset? RetiredAt { get; set; }
}

public interface ISigningKeyStore
{
    Task<IReadOnlyList<SigningKey>> ListAsync(string poolId, CancellationToken cancellationToken);

    Task AddAsync(SigningKey key, CancellationToken cancellationToken);

    /// <summary>Writes one rotation's changes in one transaction.</summary>
    Task ApplyAsync(RotationPlan plan, CancellationToken cancellationToken);
}

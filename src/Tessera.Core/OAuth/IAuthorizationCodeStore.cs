// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.OAuth;

public interface IAuthorizationCodeStore
{
    Task AddAsync(AuthorizationCode code, CancellationToken cancellationToken);

    Task<AuthorizationCode?> FindAsync(byte[] codeHash, CancellationToken cancellationToken);

    /// <summary>Marks the code used; false when another request used it first (the store decides, so two nodes cannot both win).</summary>
    Task<bool> TryConsumeAsync(byte[] codeHash, DateTimeOffset at, CancellationToken cancellationToken);
}

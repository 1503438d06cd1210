// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.HostedUi;

public interface IUiCustomizationStore
{
    Task<UiCustomization?> FindAsync(string poolId, string clientId, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the customization of (pool, client).</summary>
    Task SaveAsync(UiCustomization customization, CancellationToken cancellationToken);
}

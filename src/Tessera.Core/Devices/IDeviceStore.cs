// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Devices;

public interface IDeviceStore
{
    /// <summary>Adds a confirmed device; false when its key is already stored.</summary>
    Task<bool> TryAddAsync(Device device, CancellationToken cancellationToken);

    Task<Device?> FindAsync(string poolId, string deviceKey, CancellationToken cancellationToken);

    /// <summary>The user's devices in key order, starting after <paramref name="afterKey"/>, at most <paramref name="take"/>.</summary>
    Task<IReadOnlyList<Device>> ListAsync(string poolId, Guid userId, string? afterKey, int take, CancellationToken cancellationToken);

    /// <summary>Writes the device's mutable fields (name, status, last IP, dates); false when it is gone.</summary>
    Task<bool> UpdateAsync(Device device, CancellationToken cancellationToken);

    /// <summary>Deletes the device; false when it was not stored.</summary>
    Task<bool> DeleteAsync(string poolId, string deviceKey, CancellationToken cancellationToken);
}

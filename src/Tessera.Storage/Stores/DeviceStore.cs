// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Tessera.Core.Devices;

namespace Tessera.Storage.Stores;

internal sealed class DeviceStore(TesseraDbContext db) : IDeviceStore
{
    public Task<bool> TryAddAsync(Device device, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(device);
        return db.TryInsertAsync(device, d => d.DeviceKey == device.DeviceKey, cancellationToken);
    }

    public Task<Device?> FindAsync(string poolId, string deviceKey, CancellationToken cancellationToken)
        => db.Devices.AsNoTracking().FirstOrDefaultAsync(d => d.DeviceKey == deviceKey && d.PoolId == poolId, cancellationToken);

    public async Task<IReadOnlyList<Device>> ListAsync(string poolId, Guid userId, string? afterKey, int take, CancellationToken cancellationToken)
        => await db.Devices.AsNoTracking()
            .Where(d => d.PoolId == poolId && d.UserId == userId && (afterKey == null || string.Compare(d.DeviceKey, afterKey) > 0))
            .OrderBy(d => d.DeviceKey)
            .Take(take)
            .ToListAsync(cancellationToken).ConfigureAwait(false);

    public async Task<bool> UpdateAsync(Device device, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(device);
        return await db.Devices.Where(d => d.DeviceKey == device.DeviceKey && d.PoolId == device.PoolId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Name, device.Name)
                .SetProperty(d => d.Remembered, device.Remembered)
                .SetProperty(d => d.LastIp, device.LastIp)
                .SetProperty(d => d.ModifiedAt, device.ModifiedAt)
                .SetProperty(d => d.LastAuthenticatedAt, device.LastAuthenticatedAt), cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<bool> DeleteAsync(string poolId, string deviceKey, CancellationToken cancellationToken)
        => await db.Devices.Where(d => d.DeviceKey == deviceKey && d.PoolId == poolId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) == 1;
}

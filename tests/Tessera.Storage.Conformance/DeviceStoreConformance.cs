// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Devices;
using Tessera.Core.Sessions;

namespace Tessera.Storage.Conformance;

/// <summary>IDeviceStore behaviour every provider must show, and the sessions a device's sign-ins started.</summary>
public abstract class DeviceStoreConformance<TDatabase>(TDatabase database) : StoreConformance<TDatabase>(database)
    where TDatabase : StoreDatabase
{
    private static Device NewDevice(string poolId, Guid userId, string key) => new()
    {
        DeviceKey = key,
        PoolId = poolId,
        UserId = userId,
        GroupKey = "-group",
        Salt = [1, 2, 3],
        SealedVerifier = [4, 5, 6],
        Name = "phone",
        Remembered = true,
        CreatedAt = Now,
        ModifiedAt = Now,
    };

    [Fact]
    public async Task TryAddAsync_ThenFindAsync_RoundTrips_AndRefusesTheSameKeyTwice()
    {
        var pool = await AddPoolAsync();
        var user = await AddUserAsync(pool.Id, "alice");
        var device = NewDevice(pool.Id, user.Id, "us-east-1_" + Guid.NewGuid());

        (await WithAsync<IDeviceStore, bool>(s => s.TryAddAsync(device, Ct))).ShouldBeTrue();
        (await WithAsync<IDeviceStore, bool>(s => s.TryAddAsync(device, Ct))).ShouldBeFalse();
        var found = await WithAsync<IDeviceStore, Device?>(s => s.FindAsync(pool.Id, device.DeviceKey, Ct));

        found.ShouldNotBeNull();
        found.UserId.ShouldBe(user.Id);
        found.GroupKey.ShouldBe("-group");
        found.Salt.ShouldBe(new byte[] { 1, 2, 3 });
        found.SealedVerifier.ShouldBe(new byte[] { 4, 5, 6 });
        found.Name.ShouldBe("phone");
        found.Remembered.ShouldBeTrue();
        found.CreatedAt.ShouldBe(Now);
        found.LastAuthenticatedAt.ShouldBeNull();
        (await WithAsync<IDeviceStore, Device?>(s => s.FindAsync("us-east-1_other", device.DeviceKey, Ct))).ShouldBeNull();
    }

    [Fact]
    public async Task ListAsync_PagesInKeyOrder_OnlyTheUsersDevices()
    {
        var pool = await AddPoolAsync();
        var alice = await AddUserAsync(pool.Id, "alice");
        var bob = await AddUserAsync(pool.Id, "bob");
        var keys = Enumerable.Range(0, 3).Select(i => $"us-east-1_0000000{i}-0000-0000-0000-000000000000").ToArray();
        await WithAsync<IDeviceStore>(async s =>
        {
            foreach (var key in keys.Reverse())
            {
                await s.TryAddAsync(NewDevice(pool.Id, alice.Id, key), Ct);
            }

            await s.TryAddAsync(NewDevice(pool.Id, bob.Id, "us-east-1_" + Guid.NewGuid()), Ct);
        });

        var first = await WithAsync<IDeviceStore, IReadOnlyList<Device>>(s => s.ListAsync(pool.Id, alice.Id, null, 2, Ct));
        var rest = await WithAsync<IDeviceStore, IReadOnlyList<Device>>(s => s.ListAsync(pool.Id, alice.Id, first[^1].DeviceKey, 2, Ct));

        first.Select(d => d.DeviceKey).ShouldBe(keys[..2]);
        rest.Select(d => d.DeviceKey).ShouldBe(keys[2..]);
    }

    [Fact]
    public async Task UpdateAsync_WritesStatusAndDates_DeleteAsync_RemovesOnce()
    {
        var pool = await AddPoolAsync();
        var user = await AddUserAsync(pool.Id, "alice");
        var device = NewDevice(pool.Id, user.Id, "us-east-1_" + Guid.NewGuid());
        await WithAsync<IDeviceStore>(s => s.TryAddAsync(device, Ct));

        device.Remembered = false;
        device.LastIp = "192.0.2.1";
        device.ModifiedAt = Now.AddMinutes(1);
        device.LastAuthenticatedAt = Now.AddMinutes(2);
        (await WithAsync<IDeviceStore, bool>(s => s.UpdateAsync(device, Ct))).ShouldBeTrue();
        var found = await WithAsync<IDeviceStore, Device?>(s => s.FindAsync(pool.Id, device.DeviceKey, Ct));

        found.ShouldNotBeNull();
        found.Remembered.ShouldBeFalse();
        found.LastIp.ShouldBe("192.0.2.1");
        found.ModifiedAt.ShouldBe(Now.AddMinutes(1));
        found.LastAuthenticatedAt.ShouldBe(Now.AddMinutes(2));
        (await WithAsync<IDeviceStore, bool>(s => s.DeleteAsync(pool.Id, device.DeviceKey, Ct))).ShouldBeTrue();
        (await WithAsync<IDeviceStore, bool>(s => s.DeleteAsync(pool.Id, device.DeviceKey, Ct))).ShouldBeFalse();
        (await WithAsync<IDeviceStore, bool>(s => s.UpdateAsync(device, Ct))).ShouldBeFalse();
    }

    [Fact]
    public async Task RevokeForDeviceAsync_EndsOnlyTheSessionsOfThatDevice()
    {
        var pool = await AddPoolAsync();
        var client = await AddClientAsync(pool.Id);
        var user = await AddUserAsync(pool.Id, "alice");
        UserSession Session(string? deviceKey) => new()
        {
            Id = Guid.NewGuid(), PoolId = pool.Id, UserId = user.Id, ClientId = client.ClientId, CreatedAt = Now, ExpiresAt = Now.AddDays(1), DeviceKey = deviceKey,
        };
        var onDevice = Session("us-east-1_a");
        var elsewhere = Session("us-east-1_b");
        var none = Session(null);
        await WithAsync<ISessionStore>(async s =>
        {
            await s.AddAsync(onDevice, Ct);
            await s.AddAsync(elsewhere, Ct);
            await s.AddAsync(none, Ct);
        });

        (await WithAsync<ISessionStore, int>(s => s.RevokeForDeviceAsync(pool.Id, user.Id, "us-east-1_a", Now, SessionEndReason.DeviceForgotten, Ct))).ShouldBe(1);

        (await WithAsync<ISessionStore, UserSession?>(s => s.FindAsync(onDevice.Id, Ct)))!.RevokedReason.ShouldBe(SessionEndReason.DeviceForgotten);
        (await WithAsync<ISessionStore, UserSession?>(s => s.FindAsync(onDevice.Id, Ct)))!.DeviceKey.ShouldBe("us-east-1_a");
        (await WithAsync<ISessionStore, UserSession?>(s => s.FindAsync(elsewhere.Id, Ct)))!.RevokedAt.ShouldBeNull();
        (await WithAsync<ISessionStore, UserSession?>(s => s.FindAsync(none.Id, Ct)))!.RevokedAt.ShouldBeNull();
    }
}

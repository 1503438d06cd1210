// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Devices;
using Tessera.Core.Users;

namespace Tessera.Server.CognitoIdp.Shapes;

/// <summary>DeviceType: a remembered device with its attributes and dates.</summary>
internal sealed record DeviceType(
    string DeviceKey,
    IReadOnlyList<AttributeType> DeviceAttributes,
    DateTimeOffset DeviceCreateDate,
    DateTimeOffset DeviceLastModifiedDate,
    DateTimeOffset? DeviceLastAuthenticatedDate)
{
    public static DeviceType From(Device device)
        => new(device.DeviceKey,
            DeviceService.Attributes(device).Select(a => new AttributeType(a.Key, a.Value)).ToList(),
            device.CreatedAt, device.ModifiedAt, device.LastAuthenticatedAt);
}

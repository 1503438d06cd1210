// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Devices;

/// <summary>
/// A device a user confirmed (ConfirmDevice): its key <c>&lt;region&gt;_&lt;uuid&gt;</c>, the user's device group key,
/// and the SRP salt and verifier the device proves itself with (the verifier sealed under the master key, as a user's
/// password verifier is).
/// </summary>
public sealed class Device
{
    public required string DeviceKey { get; set; }
    public required string PoolId { get; set; }
    public Guid UserId { get; set; }
    public required string GroupKey { get; set; }
    public required byte[] Salt { get; set; }
    public required byte[] SealedVerifier { get; set; }

    /// <summary>The DeviceName given to ConfirmDevice, returned as the <c>device_name</c> attribute.</summary>
    public string? Name { get; set; }

    /// <summary>The <c>dev:device_remembered_status</c>: remembered devices may stand in for MFA.</summary>
    public bool Remembered { get; set; }

    /// <summary>The address the device last signed in from (<c>last_ip_used</c>), when the edge knew it.</summary>
    public string? LastIp { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ModifiedAt { get; set; }
    public DateTimeOffset? LastAuthenticatedAt { get; set; }
}

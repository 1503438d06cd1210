// SPDX-License-Identifier: Apache-2.0
using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;
using Tessera.Core.Auth.Srp;
using Tessera.Core.Errors;
using Tessera.Core.Paging;
using Tessera.Core.Pools;
using Tessera.Core.Security;
using Tessera.Core.Sessions;
using Tessera.Core.Users;

namespace Tessera.Core.Devices;

/// <summary>A pool's DeviceConfiguration as acted on; <see cref="DeviceService.Settings"/> gives null when tracking is off.</summary>
public sealed record DeviceTrackingSettings(bool ChallengeRequiredOnNewDevice, bool DeviceOnlyRememberedOnUserPrompt);

/// <summary>NewDeviceMetadata: the device key and group key a sign-in without a known device is given.</summary>
public sealed record NewDeviceMetadata(string DeviceKey, string DeviceGroupKey);

/// <summary>
/// The rules of device tracking ("Working with user devices in your user pool", Cognito developer guide), in one place:
/// when a pool tracks devices, what a sign-in is given or must prove, when a remembered device stands in for MFA,
/// and ConfirmDevice, GetDevice, ListDevices, UpdateDeviceStatus and ForgetDevice with their Admin forms.
/// </summary>
public sealed class DeviceService(IDeviceStore devices, ISessionStore sessions, SecretProtector protector, TimeProvider time)
{
    public const string Remembered = "remembered";
    public const string NotRemembered = "not_remembered";
    private const int MaxPage = 60;
    private const string PageKind = "devices";

    /// <summary>
    /// DeviceConfigurationType: "When you provide a value for any property of DeviceConfiguration, you activate the
    /// device remembering for the user pool." Null when the pool does not track devices.
    /// </summary>
    public static DeviceTrackingSettings? Settings(UserPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        if (pool.Settings.DeviceConfiguration is not { ValueKind: JsonValueKind.Object } config)
        {
            return null;
        }

        bool? Flag(string name) => config.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : null;
        var challenge = Flag("ChallengeRequiredOnNewDevice");
        var prompt = Flag("DeviceOnlyRememberedOnUserPrompt");
        return challenge is null && prompt is null ? null : new DeviceTrackingSettings(challenge ?? false, prompt ?? false);
    }

    /// <summary>
    /// Whether a device lets its user skip MFA: it must be remembered and the pool's ChallengeRequiredOnNewDevice on
    /// ("When true, a remembered device can sign in with device authentication instead of SMS and TOTP factors").
    /// </summary>
    public static bool SkipsMfa(UserPool pool, Device? device)
        => device is { Remembered: true } && Settings(pool) is { ChallengeRequiredOnNewDevice: true };

    /// <summary>A new device key, <c>&lt;region&gt;_&lt;uuid&gt;</c> as Cognito's.</summary>
    public static string NewDeviceKey(UserPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return pool.Region + "_" + Guid.NewGuid().ToString();
    }

    /// <summary>The user's device group key: the same for every device of the user, derived so nothing is stored before ConfirmDevice.</summary>
    public string GroupKey(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return "-" + RandomIds.Base64Url(protector.KeyedHash("device-group:" + user.PoolId + ":" + user.Id.ToString("N")).AsSpan(0, 7));
    }

    /// <summary>The metadata a sign-in without a known device is given, or null when the pool does not track devices.</summary>
    public NewDeviceMetadata? NewDevice(UserPool pool, User user)
        => Settings(pool) is null ? null : new NewDeviceMetadata(NewDeviceKey(pool), GroupKey(user));

    /// <summary>
    /// The device a sign-in names with DEVICE_KEY: null when none is named or the pool does not track devices; a key
    /// that is not one of the user's devices is ResourceNotFoundException, which amazon-cognito-identity-js answers by
    /// forgetting its stored key and signing in again without it.
    /// </summary>
    public async Task<Device?> ForSignInAsync(UserPool pool, User user, string? deviceKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(user);
        if (string.IsNullOrEmpty(deviceKey) || Settings(pool) is null)
        {
            return null;
        }

        return await FindAsync(pool, user, deviceKey, cancellationToken).ConfigureAwait(false) ?? throw DeviceNotFound();
    }

    /// <summary>ConfirmDevice: stores the key the caller's access token was issued with, with its SRP verifier; true when the user must still opt in.</summary>
    public async Task<bool> ConfirmAsync(
        UserPool pool, User user, string? tokenDeviceKey, string deviceKey, string? verifierBase64, string? saltBase64, string? name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(user);
        var settings = RequireTracking(pool);
        // A device key is only ever the one a sign-in of this user was given, which its access token carries.
        if (tokenDeviceKey is null || !string.Equals(tokenDeviceKey, deviceKey, StringComparison.Ordinal))
        {
            throw DeviceNotFound();
        }

        var salt = Decode(saltBase64);
        var verifierBytes = Decode(verifierBase64);
        var verifier = verifierBytes is null ? BigInteger.Zero : SrpGroup.FromUnsigned(verifierBytes);
        if (salt is not { Length: > 0 } || verifier.IsZero || verifier >= SrpGroup.N)
        {
            throw CognitoErrors.InvalidParameter("Invalid DeviceSecretVerifierConfig: PasswordVerifier and Salt must be base64 SRP values.");
        }

        var now = time.GetUtcNow();
        var device = new Device
        {
            DeviceKey = deviceKey,
            PoolId = pool.Id,
            UserId = user.Id,
            GroupKey = GroupKey(user),
            Salt = salt,
            SealedVerifier = protector.Protect(SrpGroup.Pad(verifier), VerifierPurpose(deviceKey)),
            Name = name,
            Remembered = !settings.DeviceOnlyRememberedOnUserPrompt,
            CreatedAt = now,
            ModifiedAt = now,
            LastAuthenticatedAt = now,
        };
        if (!await devices.TryAddAsync(device, cancellationToken).ConfigureAwait(false))
        {
            throw new CognitoException("DeviceKeyExistsException", "Device key already exists.");
        }

        return settings.DeviceOnlyRememberedOnUserPrompt;
    }

    /// <summary>GetDevice, AdminGetDevice: one of the user's devices.</summary>
    public async Task<Device> GetAsync(UserPool pool, User user, string deviceKey, CancellationToken cancellationToken)
    {
        RequireTracking(pool);
        return await FindAsync(pool, user, deviceKey, cancellationToken).ConfigureAwait(false) ?? throw DeviceNotFound();
    }

    /// <summary>ListDevices, AdminListDevices: the user's devices in pages of at most 60.</summary>
    public async Task<(IReadOnlyList<Device> Devices, string? PaginationToken)> ListAsync(
        UserPool pool, User user, int? limit, string? paginationToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(user);
        RequireTracking(pool);
        if (limit is < 0 or > MaxPage)
        {
            throw CognitoErrors.InvalidParameter($"Limit must be between 0 and {MaxPage}.");
        }

        var take = limit is null or 0 ? MaxPage : limit.Value;
        var after = PageToken.Decode(PageKind, paginationToken);
        var found = await devices.ListAsync(pool.Id, user.Id, after, take + 1, cancellationToken).ConfigureAwait(false);
        return PageToken.Slice(found, take, PageKind, d => d.DeviceKey);
    }

    /// <summary>UpdateDeviceStatus, AdminUpdateDeviceStatus: remembered or not_remembered.</summary>
    public async Task UpdateStatusAsync(UserPool pool, User user, string deviceKey, string? status, CancellationToken cancellationToken)
    {
        var device = await GetAsync(pool, user, deviceKey, cancellationToken).ConfigureAwait(false);
        device.Remembered = status switch
        {
            Remembered => true,
            NotRemembered => false,
            _ => throw CognitoErrors.InvalidParameter($"Invalid DeviceRememberedStatus {status}: use {Remembered} or {NotRemembered}."),
        };
        device.ModifiedAt = time.GetUtcNow();
        if (!await devices.UpdateAsync(device, cancellationToken).ConfigureAwait(false))
        {
            throw DeviceNotFound();
        }
    }

    /// <summary>
    /// ForgetDevice, AdminForgetDevice: the device is deleted and the sessions signed in with it end, so its refresh
    /// tokens stop working (forgetting a device is how a user signs another device out).
    /// </summary>
    public async Task ForgetAsync(UserPool pool, User user, string deviceKey, CancellationToken cancellationToken)
    {
        var device = await GetAsync(pool, user, deviceKey, cancellationToken).ConfigureAwait(false);
        if (!await devices.DeleteAsync(pool.Id, device.DeviceKey, cancellationToken).ConfigureAwait(false))
        {
            throw DeviceNotFound();
        }

        await sessions.RevokeForDeviceAsync(pool.Id, user.Id, device.DeviceKey, time.GetUtcNow(), SessionEndReason.DeviceForgotten, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The device's SRP verifier, or null when it cannot be opened.</summary>
    public SrpVerifier? OpenVerifier(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        try
        {
            return new SrpVerifier(device.Salt, SrpGroup.FromUnsigned(protector.Unprotect(device.SealedVerifier, VerifierPurpose(device.DeviceKey))));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>A device that proved itself: its last-authenticated date (and address, when known).</summary>
    public async Task MarkAuthenticatedAsync(Device device, string? ipAddress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(device);
        device.LastAuthenticatedAt = time.GetUtcNow();
        device.LastIp = ipAddress ?? device.LastIp;
        await devices.UpdateAsync(device, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The device as DeviceType's attributes list it.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Attributes(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        var attributes = new List<KeyValuePair<string, string>> { new("device_status", "valid") };
        if (device.Name is not null)
        {
            attributes.Add(new("device_name", device.Name));
        }

        attributes.Add(new("dev:device_remembered_status", device.Remembered ? Remembered : NotRemembered));
        if (device.LastIp is not null)
        {
            attributes.Add(new("last_ip_used", device.LastIp));
        }

        return attributes;
    }

    public static CognitoException DeviceNotFound() => CognitoErrors.ResourceNotFound("Device does not exist.");

    private async Task<Device?> FindAsync(UserPool pool, User user, string deviceKey, CancellationToken cancellationToken)
    {
        var device = await devices.FindAsync(pool.Id, deviceKey, cancellationToken).ConfigureAwait(false);
        // Another user's device is answered as one that does not exist: the key tells nothing about who owns it.
        return device is not null && device.UserId == user.Id ? device : null;
    }

    private static DeviceTrackingSettings RequireTracking(UserPool pool)
        => Settings(pool) ?? throw CognitoErrors.InvalidUserPoolConfiguration("Device tracking is not enabled for this user pool.");

    private static byte[]? Decode(string? base64)
    {
        if (string.IsNullOrEmpty(base64))
        {
            return null;
        }

        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    internal static string VerifierPurpose(string deviceKey) => "device-verifier:" + deviceKey;
}

// SPDX-License-Identifier: Apache-2.0
using System.Numerics;
using System.Security.Cryptography;
using Tessera.Core.Auth;
using Tessera.Core.Auth.Srp;
using Tessera.Core.Errors;
using Tessera.Core.Security;
using Tessera.Core.Users;

namespace Tessera.Core.Devices;

/// <summary>
/// Device authentication after the user's own factors: DEVICE_SRP_AUTH (the device sends SRP_A) and
/// DEVICE_PASSWORD_VERIFIER (its proof), Cognito's SRP with the device group key in place of the pool name, the device
/// key in place of the username, and the salt and verifier from ConfirmDevice. The secret block and both sessions are
/// sealed and bound to the device key, so nothing is kept between the calls.
/// </summary>
public sealed class DeviceAuthenticator(
    DeviceService devices,
    SrpServer srp,
    SrpAuthenticator userSrp,
    AuthSessionSealer sessions,
    SignInFlow flow,
    TimeProvider time,
    ICallerAddress? caller = null)
{
    public const string DeviceSrpAuth = "DEVICE_SRP_AUTH";
    public const string DevicePasswordVerifier = "DEVICE_PASSWORD_VERIFIER";
    private const string DeviceKeyExtra = "d";

    public static bool IsDeviceChallenge(string name) => name is DeviceSrpAuth or DevicePasswordVerifier;

    /// <summary>The user proved every factor on a known device: the device must now prove itself.</summary>
    public AuthOutcome Challenge(SignInContext context, User user, Device device)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(device);
        return AuthOutcome.Challenge(DeviceSrpAuth, NewSession(context, user, DeviceSrpAuth, device.DeviceKey), new Dictionary<string, string>());
    }

    /// <summary>DEVICE_SRP_AUTH: checks SRP_A and answers DEVICE_PASSWORD_VERIFIER with the device's SALT, SRP_B and a SECRET_BLOCK.</summary>
    public async Task<AuthOutcome> StartAsync(SignInContext context, ChallengeResponse request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var (device, user, _) = await OpenAsync(context, request, cancellationToken).ConfigureAwait(false);
        var publicA = SrpGroup.ParseHex(Required(request.Responses, "SRP_A"));
        if (publicA is not { } a || BigInteger.Remainder(a, SrpGroup.N).IsZero)
        {
            throw CognitoErrors.InvalidParameter("Invalid SRP_A: it must be a hexadecimal integer that is not 0 modulo N.");
        }

        var verifier = devices.OpenVerifier(device) ?? throw DeviceService.DeviceNotFound();
        var ephemeral = srp.CreateEphemeral(verifier.Verifier);
        var block = userSrp.SealBlock(BlockPurpose(context, device), user.Id, time.GetUtcNow(), ephemeral, a);
        return AuthOutcome.Challenge(DevicePasswordVerifier, NewSession(context, user, DevicePasswordVerifier, device.DeviceKey), new Dictionary<string, string>
        {
            ["DEVICE_KEY"] = device.DeviceKey,
            ["SALT"] = SrpGroup.ToHex(SrpGroup.FromUnsigned(verifier.Salt)),
            ["SECRET_BLOCK"] = Convert.ToBase64String(block),
            ["SRP_B"] = SrpGroup.ToHex(ephemeral.PublicB),
            ["USERNAME"] = user.Username,
        });
    }

    /// <summary>DEVICE_PASSWORD_VERIFIER: the device's proof; the proven user and device, or NotAuthorizedException.</summary>
    public async Task<(User User, Device Device)> VerifyAsync(SignInContext context, ChallengeResponse request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var (device, user, _) = await OpenAsync(context, request, cancellationToken).ConfigureAwait(false);
        var blockText = Required(request.Responses, "PASSWORD_CLAIM_SECRET_BLOCK");
        var signatureText = Required(request.Responses, "PASSWORD_CLAIM_SIGNATURE");
        var timestamp = Required(request.Responses, "TIMESTAMP");
        var block = userSrp.OpenBlock(BlockPurpose(context, device), blockText);
        if (block is null || block.Value.UserId != user.Id)
        {
            throw CognitoErrors.InvalidSession();
        }

        if (block.Value.IssuedAt + context.Client.Settings.AuthSessionLifetime <= time.GetUtcNow())
        {
            throw CognitoErrors.SessionExpired();
        }

        if (!SrpAuthenticator.TryParseTimestamp(timestamp, out var stamped) || (stamped - time.GetUtcNow()).Duration() > SrpAuthenticator.TimestampTolerance)
        {
            throw CognitoErrors.NotAuthorized("Invalid timestamp: it must be the current time in the format \"ddd MMM d HH:mm:ss UTC yyyy\".");
        }

        var verifier = devices.OpenVerifier(device);
        var key = verifier is null ? null : srp.DeriveKey(block.Value.PublicA, block.Value.PublicB, block.Value.SecretB, verifier.Verifier);
        if (key is null || !SignatureMatches(key, device, Convert.FromBase64String(blockText), timestamp, signatureText))
        {
            throw CognitoErrors.IncorrectCredentials();
        }

        await devices.MarkAuthenticatedAsync(device, caller?.IpAddress, cancellationToken).ConfigureAwait(false);
        return (user, device);
    }

    /// <summary>PASSWORD_CLAIM_SIGNATURE = HMAC-SHA256(K, deviceGroupKey ‖ deviceKey ‖ secretBlock ‖ timestamp) (amazon-cognito-identity-js getDeviceResponse).</summary>
    private static bool SignatureMatches(byte[] key, Device device, byte[] secretBlock, string timestamp, string signatureText)
    {
        Span<byte> given = stackalloc byte[64];
        if (!Convert.TryFromBase64String(signatureText, given, out var written))
        {
            return false;
        }

        var expected = SrpServer.Signature(key, device.GroupKey, device.DeviceKey, secretBlock, timestamp);
        return CryptographicOperations.FixedTimeEquals(given[..written], expected);
    }

    /// <summary>The session, its user (USERNAME and SECRET_HASH as every challenge answer) and the device it was issued for.</summary>
    private async Task<(Device Device, User User, AuthSessionState State)> OpenAsync(SignInContext context, ChallengeResponse request, CancellationToken cancellationToken)
    {
        var (state, user) = await flow.OpenChallengeAsync(context, request, cancellationToken).ConfigureAwait(false);
        var deviceKey = state.Extra?.GetValueOrDefault(DeviceKeyExtra);
        if (deviceKey is null || !string.Equals(Required(request.Responses, "DEVICE_KEY"), deviceKey, StringComparison.Ordinal))
        {
            throw CognitoErrors.InvalidSession();
        }

        var device = await devices.ForSignInAsync(context.Pool, user, deviceKey, cancellationToken).ConfigureAwait(false) ?? throw DeviceService.DeviceNotFound();
        return (device, user, state);
    }

    private string NewSession(SignInContext context, User user, string challenge, string deviceKey)
        => sessions.Seal(new AuthSessionState(context.Pool.Id, context.Client.ClientId, user.Id, challenge,
            (time.GetUtcNow() + context.Client.Settings.AuthSessionLifetime).ToUnixTimeSeconds(),
            new Dictionary<string, string> { [DeviceKeyExtra] = deviceKey }));

    private static string BlockPurpose(SignInContext context, Device device) => "device-srp-secret-block:" + context.Client.ClientId + ":" + device.DeviceKey;

    private static string Required(IReadOnlyDictionary<string, string> values, string name)
        => values.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value)
            ? value
            : throw CognitoErrors.InvalidParameter($"Missing required parameter {name}");
}

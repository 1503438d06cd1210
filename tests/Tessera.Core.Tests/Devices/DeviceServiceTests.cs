// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Tessera.Core.Auth;
using Tessera.Core.Auth.Srp;
using Tessera.Core.Clients;
using Tessera.Core.Devices;
using Tessera.Core.Errors;
using Tessera.Core.Pools;
using Tessera.Core.Tokens;
using Tessera.Core.Users;

namespace Tessera.Core.Tests.Devices;

/// <summary>
/// The device-tracking rules: NewDeviceMetadata and the device_key claim, ConfirmDevice with the DeviceConfiguration
/// flags, device SRP (DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER) as amazon-cognito-identity-js computes it, the MFA
/// rule for remembered devices, forgetting, and the device binding of refresh tokens.
/// </summary>
public sealed class DeviceServiceTests : IAsyncLifetime
{
    private const string DevicePassword = "device-random-password";
    private CoreFixture core = null!;
    private UserPool pool = null!;
    private AppClient client = null!;
    private User user = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DeviceService Devices => core.Get<DeviceService>();

    private AuthService Auth => core.Get<AuthService>();

    public async ValueTask InitializeAsync()
    {
        core = await CoreFixture.CreateAsync();
        pool = await core.AddPoolAsync(Tracking(challengeRequired: true, prompt: false), signingKeys: true);
        client = await core.AddClientAsync(pool);
        user = await core.AddUserAsync(pool, "alice");
    }

    public async ValueTask DisposeAsync() => await core.DisposeAsync();

    private static UserPoolSettings Tracking(bool challengeRequired, bool prompt) => new()
    {
        DeviceConfiguration = JsonSerializer.SerializeToElement(new Dictionary<string, bool>
        {
            ["ChallengeRequiredOnNewDevice"] = challengeRequired,
            ["DeviceOnlyRememberedOnUserPrompt"] = prompt,
        }),
    };

    private Task<AuthOutcome> PasswordSignInAsync(string? deviceKey = null)
    {
        var parameters = new Dictionary<string, string> { ["USERNAME"] = "alice", ["PASSWORD"] = CoreFixture.Password };
        if (deviceKey is not null)
        {
            parameters["DEVICE_KEY"] = deviceKey;
        }

        return Auth.InitiateAsync(new AuthRequest("USER_PASSWORD_AUTH", client.ClientId, parameters, null, null), Ct);
    }

    /// <summary>Signs in, confirms the new device with a verifier for <see cref="DevicePassword"/>, and returns it.</summary>
    private async Task<NewDeviceMetadata> ConfirmedDeviceAsync()
    {
        var metadata = (await PasswordSignInAsync()).Tokens.ShouldNotBeNull().NewDevice.ShouldNotBeNull();
        var salt = RandomNumberGenerator.GetBytes(16);
        var x = SrpGroup.PrivateKey(metadata.DeviceGroupKey, metadata.DeviceKey, DevicePassword, SrpGroup.FromUnsigned(salt));
        var verifier = BigInteger.ModPow(SrpGroup.G, x, SrpGroup.N);
        await Devices.ConfirmAsync(pool, user, metadata.DeviceKey, metadata.DeviceKey, Convert.ToBase64String(SrpGroup.Pad(verifier)),
            Convert.ToBase64String(salt), "phone", Ct);
        return metadata;
    }

    /// <summary>What amazon-cognito-identity-js getDeviceResponse does with DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER.</summary>
    private async Task<AuthOutcome> DeviceSrpAsync(NewDeviceMetadata device, string session, string password = DevicePassword)
    {
        var a = SrpGroup.FromUnsigned(RandomNumberGenerator.GetBytes(128));
        var publicA = BigInteger.ModPow(SrpGroup.G, a, SrpGroup.N);
        var challenge = await Auth.RespondAsync(new ChallengeResponse(DeviceAuthenticator.DeviceSrpAuth, client.ClientId, session,
            new Dictionary<string, string> { ["USERNAME"] = "alice", ["DEVICE_KEY"] = device.DeviceKey, ["SRP_A"] = SrpGroup.ToHex(publicA) }, null, null), Ct);
        challenge.ChallengeName.ShouldBe(DeviceAuthenticator.DevicePasswordVerifier);
        var parameters = challenge.ChallengeParameters.ShouldNotBeNull();
        var publicB = SrpGroup.ParseHex(parameters["SRP_B"])!.Value;
        var salt = SrpGroup.ParseHex(parameters["SALT"])!.Value;
        var x = SrpGroup.PrivateKey(device.DeviceGroupKey, device.DeviceKey, password, salt);
        var u = SrpGroup.HashToInteger(SrpGroup.Pad(publicA), SrpGroup.Pad(publicB));
        var baseValue = BigInteger.Remainder(publicB - (SrpGroup.K * BigInteger.ModPow(SrpGroup.G, x, SrpGroup.N)), SrpGroup.N);
        var s = BigInteger.ModPow(baseValue.Sign < 0 ? baseValue + SrpGroup.N : baseValue, a + (u * x), SrpGroup.N);
        var prk = HMACSHA256.HashData(SrpGroup.Pad(u), SrpGroup.Pad(s));
        byte[] info = [.. Encoding.UTF8.GetBytes("Caldera Derived Key"), 1];
        var key = HMACSHA256.HashData(prk, info)[..16];
        var timestamp = core.Time.GetUtcNow().ToString("ddd MMM d HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture);
        var signature = SrpServer.Signature(key, device.DeviceGroupKey, device.DeviceKey, Convert.FromBase64String(parameters["SECRET_BLOCK"]), timestamp);
        return await Auth.RespondAsync(new ChallengeResponse(DeviceAuthenticator.DevicePasswordVerifier, client.ClientId, challenge.Session,
            new Dictionary<string, string>
            {
                ["USERNAME"] = "alice",
                ["DEVICE_KEY"] = device.DeviceKey,
                ["PASSWORD_CLAIM_SECRET_BLOCK"] = parameters["SECRET_BLOCK"],
                ["PASSWORD_CLAIM_SIGNATURE"] = Convert.ToBase64String(signature),
                ["TIMESTAMP"] = timestamp,
            }, null, null), Ct);
    }

    private static string? DeviceClaim(string accessToken)
        => new JsonWebToken(accessToken).TryGetPayloadValue<string>("device_key", out var key) ? key : null;

    private static async Task<CognitoException> ErrorAsync(Func<Task> action) => await Should.ThrowAsync<CognitoException>(action);

    [Fact]
    public void Settings_OffWithoutAnyFlag_OnWithEither()
    {
        DeviceService.Settings(new UserPool { Id = "us-east-1_a", Name = "p", Settings = new() }).ShouldBeNull();
        DeviceService.Settings(new UserPool { Id = "us-east-1_a", Name = "p", Settings = new() { DeviceConfiguration = JsonDocument.Parse("{}").RootElement } }).ShouldBeNull();
        DeviceService.Settings(pool).ShouldBe(new DeviceTrackingSettings(true, false));
    }

    [Fact]
    public void SkipsMfa_OnlyForARememberedDevice_WhenChallengeRequiredOnNewDevice()
    {
        var device = new Device { DeviceKey = "us-east-1_x", PoolId = pool.Id, GroupKey = "-g", Salt = [1], SealedVerifier = [1], Remembered = true };
        DeviceService.SkipsMfa(pool, device).ShouldBeTrue();
        DeviceService.SkipsMfa(pool, null).ShouldBeFalse();
        device.Remembered = false;
        DeviceService.SkipsMfa(pool, device).ShouldBeFalse();
        device.Remembered = true;
        var noSkip = new UserPool { Id = pool.Id, Name = "p", Settings = Tracking(challengeRequired: false, prompt: false) };
        DeviceService.SkipsMfa(noSkip, device).ShouldBeFalse();
    }

    [Fact]
    public async Task SignIn_OnATrackingPool_GivesNewDeviceMetadata_AndTheAccessTokenCarriesItsKey()
    {
        var tokens = (await PasswordSignInAsync()).Tokens.ShouldNotBeNull();

        var metadata = tokens.NewDevice.ShouldNotBeNull();
        metadata.DeviceKey.ShouldMatch("^us-east-1_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
        metadata.DeviceGroupKey.ShouldBe(Devices.GroupKey(user));
        DeviceClaim(tokens.AccessToken).ShouldBe(metadata.DeviceKey);
    }

    [Fact]
    public async Task SignIn_OnAPoolWithoutTracking_GivesNoDeviceMetadata()
    {
        var plain = await core.AddPoolAsync(signingKeys: true);
        var plainClient = await core.AddClientAsync(plain);
        await core.AddUserAsync(plain, "bob");
        var outcome = await Auth.InitiateAsync(new AuthRequest("USER_PASSWORD_AUTH", plainClient.ClientId,
            new Dictionary<string, string> { ["USERNAME"] = "bob", ["PASSWORD"] = CoreFixture.Password, ["DEVICE_KEY"] = "us-east-1_unknown" }, null, null), Ct);

        outcome.Tokens.ShouldNotBeNull().NewDevice.ShouldBeNull();
        DeviceClaim(outcome.Tokens.AccessToken).ShouldBeNull();
    }

    [Fact]
    public async Task ConfirmAsync_RemembersAtOnce_OrWaitsForTheUserWhenThePoolPrompts()
    {
        var device = await ConfirmedDeviceAsync();
        (await Devices.GetAsync(pool, user, device.DeviceKey, Ct)).Remembered.ShouldBeTrue();

        var prompting = await core.AddPoolAsync(Tracking(challengeRequired: true, prompt: true), signingKeys: true);
        var bob = await core.AddUserAsync(prompting, "bob");
        var key = DeviceService.NewDeviceKey(prompting);
        (await Devices.ConfirmAsync(prompting, bob, key, key, Convert.ToBase64String([7]), Convert.ToBase64String([1, 2]), null, Ct)).ShouldBeTrue();
        (await Devices.GetAsync(prompting, bob, key, Ct)).Remembered.ShouldBeFalse();
    }

    [Fact]
    public async Task ConfirmAsync_RefusesAKeyTheTokenWasNotIssuedWith_ATakenKey_AndABadVerifier()
    {
        var device = await ConfirmedDeviceAsync();
        var other = DeviceService.NewDeviceKey(pool);

        (await ErrorAsync(() => Devices.ConfirmAsync(pool, user, device.DeviceKey, other, "Bw==", "AQI=", null, Ct))).Code.ShouldBe("ResourceNotFoundException");
        (await ErrorAsync(() => Devices.ConfirmAsync(pool, user, device.DeviceKey, device.DeviceKey, "Bw==", "AQI=", null, Ct))).Code.ShouldBe("DeviceKeyExistsException");
        (await ErrorAsync(() => Devices.ConfirmAsync(pool, user, other, other, null, "AQI=", null, Ct))).Code.ShouldBe("InvalidParameterException");
    }

    [Fact]
    public async Task SignIn_WithAKnownDevice_AsksForDeviceSrp_ThenIssuesTokensBoundToTheDevice()
    {
        var device = await ConfirmedDeviceAsync();

        var challenge = await PasswordSignInAsync(device.DeviceKey);
        challenge.ChallengeName.ShouldBe(DeviceAuthenticator.DeviceSrpAuth);
        var outcome = await DeviceSrpAsync(device, challenge.Session!);

        var tokens = outcome.Tokens.ShouldNotBeNull();
        tokens.NewDevice.ShouldBeNull();
        DeviceClaim(tokens.AccessToken).ShouldBe(device.DeviceKey);
        (await Devices.GetAsync(pool, user, device.DeviceKey, Ct)).LastAuthenticatedAt.ShouldBe(core.Time.GetUtcNow());
    }

    [Fact]
    public async Task DevicePasswordVerifier_WithTheWrongDevicePassword_IsNotAuthorized()
    {
        var device = await ConfirmedDeviceAsync();
        var challenge = await PasswordSignInAsync(device.DeviceKey);

        var error = await ErrorAsync(() => DeviceSrpAsync(device, challenge.Session!, password: "not-the-device-password"));

        error.Code.ShouldBe("NotAuthorizedException");
    }

    [Fact]
    public async Task SignIn_WithAnUnknownDevice_OrAnotherUsersDevice_IsResourceNotFound()
    {
        var device = await ConfirmedDeviceAsync();
        await core.AddUserAsync(pool, "bob");

        (await ErrorAsync(() => PasswordSignInAsync(DeviceService.NewDeviceKey(pool)))).Code.ShouldBe("ResourceNotFoundException");
        var bobs = await ErrorAsync(() => Auth.InitiateAsync(new AuthRequest("USER_PASSWORD_AUTH", client.ClientId,
            new Dictionary<string, string> { ["USERNAME"] = "bob", ["PASSWORD"] = CoreFixture.Password, ["DEVICE_KEY"] = device.DeviceKey }, null, null), Ct));
        bobs.Code.ShouldBe("ResourceNotFoundException");
        bobs.Message.ShouldBe("Device does not exist.");
    }

    [Fact]
    public async Task ListAsync_PagesTheUsersDevices_AndUpdateStatusChangesOne()
    {
        var first = await ConfirmedDeviceAsync();
        await ConfirmedDeviceAsync();
        await ConfirmedDeviceAsync();

        var (page, next) = await Devices.ListAsync(pool, user, 2, null, Ct);
        var (rest, end) = await Devices.ListAsync(pool, user, 2, next, Ct);
        page.Count.ShouldBe(2);
        rest.Count.ShouldBe(1);
        end.ShouldBeNull();

        await Devices.UpdateStatusAsync(pool, user, first.DeviceKey, DeviceService.NotRemembered, Ct);
        var updated = await Devices.GetAsync(pool, user, first.DeviceKey, Ct);
        updated.Remembered.ShouldBeFalse();
        DeviceService.Attributes(updated).ShouldContain(new KeyValuePair<string, string>("dev:device_remembered_status", "not_remembered"));
        (await ErrorAsync(() => Devices.UpdateStatusAsync(pool, user, first.DeviceKey, "forgotten", Ct))).Code.ShouldBe("InvalidParameterException");
    }

    [Fact]
    public async Task Refresh_IsBoundToTheSessionsDevice_AndForgettingTheDeviceEndsIt()
    {
        var device = await ConfirmedDeviceAsync();
        var challenge = await PasswordSignInAsync(device.DeviceKey);
        var refreshToken = (await DeviceSrpAsync(device, challenge.Session!)).Tokens!.RefreshToken!;
        var refresh = core.Get<RefreshTokenService>();
        Task<RefreshOutcome> RefreshAsync(string? deviceKey)
            => refresh.RefreshAsync(new RefreshRequest(client, refreshToken, RefreshEdge.RefreshTokenAuth, new ClientProof.SecretHash(null, null), null, deviceKey), Ct);

        var fresh = await RefreshAsync(device.DeviceKey);
        DeviceClaim(fresh.Tokens.ShouldNotBeNull().AccessToken).ShouldBe(device.DeviceKey);
        (await RefreshAsync(DeviceService.NewDeviceKey(pool))).Failure.ShouldBe(RefreshFailure.InvalidToken);
        (await RefreshAsync(null)).Failure.ShouldBe(RefreshFailure.InvalidToken);

        await Devices.ForgetAsync(pool, user, device.DeviceKey, Ct);

        (await RefreshAsync(device.DeviceKey)).Failure.ShouldBe(RefreshFailure.Revoked);
        (await ErrorAsync(() => Devices.GetAsync(pool, user, device.DeviceKey, Ct))).Code.ShouldBe("ResourceNotFoundException");
    }

    [Fact]
    public async Task Operations_OnAPoolWithoutTracking_AreInvalidUserPoolConfiguration()
    {
        var plain = await core.AddPoolAsync();
        var bob = await core.AddUserAsync(plain, "bob");

        (await ErrorAsync(() => Devices.ListAsync(plain, bob, null, null, Ct))).Code.ShouldBe("InvalidUserPoolConfigurationException");
    }

    [Fact]
    public async Task PreTokenGeneration_SeesTheAuthenticateDeviceSource_ForTheDeviceStep()
    {
        pool = await core.AddPoolAsync(Tracking(challengeRequired: true, prompt: false) with
        {
            LambdaConfig = JsonSerializer.SerializeToElement(new { PreTokenGeneration = "arn:aws:lambda:us-east-1:123456789012:function:pre-token" }),
        }, signingKeys: true);
        client = await core.AddClientAsync(pool);
        user = await core.AddUserAsync(pool, "alice");
        var sources = new List<string>();
        core.Lambda = (_, e) =>
        {
            sources.Add(e["triggerSource"]!.GetValue<string>());
            e["response"] = new System.Text.Json.Nodes.JsonObject();
            return e;
        };
        var device = await ConfirmedDeviceAsync();
        var challenge = await PasswordSignInAsync(device.DeviceKey);

        (await DeviceSrpAsync(device, challenge.Session!)).Tokens.ShouldNotBeNull();

        sources.ShouldBe(["TokenGeneration_Authentication", "TokenGeneration_AuthenticateDevice"]);
    }
}

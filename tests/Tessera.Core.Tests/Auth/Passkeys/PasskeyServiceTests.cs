// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Core.Auth;
using Tessera.Core.Auth.Passkeys;
using Tessera.Core.Auth.Passwordless;
using Tessera.Core.Clients;
using Tessera.Core.Errors;
using Tessera.Core.Pools;
using Tessera.Core.Tokens;
using Tessera.Core.Users;

namespace Tessera.Core.Tests.Auth.Passkeys;

/// <summary>Passkey registration and WEB_AUTHN sign-in over a real SQLite store, a fake clock and a software authenticator.</summary>
public sealed class PasskeyServiceTests : IAsyncLifetime
{
    private const string Origin = "http://localhost:3000";
    private CoreFixture core = null!;
    private readonly SoftwareAuthenticator authenticator = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => core = await CoreFixture.CreateAsync();

    public async ValueTask DisposeAsync()
    {
        authenticator.Dispose();
        await core.DisposeAsync();
    }

    private PasskeyService Passkeys => core.Get<PasskeyService>();

    private async Task<(SignInContext Context, User User)> SetUpAsync(string[]? factors = null, string? userVerification = null, string? rpId = "localhost")
    {
        var pool = await core.AddPoolAsync(new UserPoolSettings
        {
            Policies = new UserPoolPolicyType { SignInPolicy = new SignInPolicyType { AllowedFirstAuthFactors = factors ?? ["PASSWORD", "WEB_AUTHN"] } },
            WebAuthnConfiguration = new WebAuthnConfigurationType { RelyingPartyId = rpId, UserVerification = userVerification },
        });
        var client = await core.AddClientAsync(pool, new AppClientSettings { ExplicitAuthFlows = ["ALLOW_USER_AUTH"] });
        var user = await core.AddUserAsync(pool, "ada");
        return (new SignInContext(pool, client, SignInChannel.Api), user);
    }

    private static AuthenticatedUser Caller(SignInContext context, User user, string? clientId = null)
        => new(user, clientId ?? context.Client.ClientId, ["aws.cognito.signin.user.admin"], Guid.NewGuid());

    private async Task RegisterAsync(SignInContext context, User user)
    {
        var options = await Passkeys.StartRegistrationAsync(context.Pool, Caller(context, user), Ct);
        await Passkeys.CompleteRegistrationAsync(context.Pool, Caller(context, user), authenticator.Register(options, Origin), Ct);
    }

    private Task<SignInStep> StartSignInAsync(SignInContext context)
        => core.Get<UserAuthFlow>().StartAsync(context, new Dictionary<string, string> { ["USERNAME"] = "ada", ["PREFERRED_CHALLENGE"] = "WEB_AUTHN" }, Ct);

    private Task<SignInStep> AnswerAsync(SignInContext context, SignInStep challenge, string credential)
        => core.Get<UserAuthFlow>().RespondAsync(context, new ChallengeResponse("WEB_AUTHN", context.Client.ClientId, challenge.Session,
            new Dictionary<string, string> { ["USERNAME"] = "ada", ["CREDENTIAL"] = credential }, null, null), Ct);

    private static async Task<string> ErrorAsync(Func<Task> call)
    {
        var e = await Should.ThrowAsync<CognitoException>(call);
        return $"{e.Code}: {e.Message}";
    }

    [Fact]
    public async Task StartRegistration_AnswersCreationOptionsForTheRelyingPartyAndUser()
    {
        var (context, user) = await SetUpAsync(userVerification: "required");

        var options = await Passkeys.StartRegistrationAsync(context.Pool, Caller(context, user), Ct);

        options.GetProperty("rp").GetProperty("id").GetString().ShouldBe("localhost");
        options.GetProperty("user").GetProperty("name").GetString().ShouldBe("ada");
        options.GetProperty("authenticatorSelection").GetProperty("userVerification").GetString().ShouldBe("required");
        options.GetProperty("authenticatorSelection").GetProperty("residentKey").GetString().ShouldBe("required");
        options.GetProperty("pubKeyCredParams").EnumerateArray().Select(p => p.GetProperty("alg").GetInt32()).ShouldBe([-7, -257]);
        options.GetProperty("challenge").GetString()!.Length.ShouldBeGreaterThan(40);
    }

    [Fact]
    public async Task Register_ThenList_ShowsThePasskey_AndAvailableChallengesOfferIt()
    {
        var (context, user) = await SetUpAsync();

        await RegisterAsync(context, user);

        var page = await Passkeys.ListAsync(user, null, null, Ct);
        var listed = page.Credentials.ShouldHaveSingleItem();
        listed.CredentialId.ShouldBe(authenticator.Id);
        listed.RelyingPartyId.ShouldBe("localhost");
        listed.Transports.ShouldBe(["internal", "hybrid"]);
        listed.AuthenticatorAttachment.ShouldBe("platform");
        (await Passkeys.CountAsync(context.Pool, user, Ct)).ShouldBe(1);
        var select = await core.Get<UserAuthFlow>().StartAsync(context, new Dictionary<string, string> { ["USERNAME"] = "ada" }, Ct);
        select.AvailableChallenges.ShouldBe(["PASSWORD", "PASSWORD_SRP", "WEB_AUTHN"]);
        FirstFactors.Configured(context.Pool, user, 1).ShouldBe(["PASSWORD", "WEB_AUTHN"]);
    }

    [Fact]
    public async Task CompleteRegistration_TheSameChallengeTwice_IsChallengeNotFound()
    {
        var (context, user) = await SetUpAsync();
        var options = await Passkeys.StartRegistrationAsync(context.Pool, Caller(context, user), Ct);
        await Passkeys.CompleteRegistrationAsync(context.Pool, Caller(context, user), authenticator.Register(options, Origin), Ct);
        using var second = new SoftwareAuthenticator();

        (await ErrorAsync(() => Passkeys.CompleteRegistrationAsync(context.Pool, Caller(context, user), second.Register(options, Origin), Ct)))
            .ShouldStartWith("WebAuthnChallengeNotFoundException:");
    }

    [Fact]
    public async Task CompleteRegistration_AfterTheChallengeExpired_IsChallengeNotFound()
    {
        var (context, user) = await SetUpAsync();
        var options = await Passkeys.StartRegistrationAsync(context.Pool, Caller(context, user), Ct);
        core.Time.Advance(PasskeyRules.ChallengeLifetime + TimeSpan.FromSeconds(1));

        (await ErrorAsync(() => Passkeys.CompleteRegistrationAsync(context.Pool, Caller(context, user), authenticator.Register(options, Origin), Ct)))
            .ShouldStartWith("WebAuthnChallengeNotFoundException:");
    }

    [Fact]
    public async Task CompleteRegistration_WrongOrigin_WrongRpId_OtherClient_AreRefused()
    {
        var (context, user) = await SetUpAsync();
        var options = await Passkeys.StartRegistrationAsync(context.Pool, Caller(context, user), Ct);

        (await ErrorAsync(() => Passkeys.CompleteRegistrationAsync(context.Pool, Caller(context, user), authenticator.Register(options, "https://evil.example"), Ct)))
            .ShouldStartWith("WebAuthnOriginNotAllowedException:");
        (await ErrorAsync(() => Passkeys.CompleteRegistrationAsync(context.Pool, Caller(context, user, "otherclient"), authenticator.Register(options, Origin), Ct)))
            .ShouldStartWith("WebAuthnClientMismatchException:");
        (await ErrorAsync(() => Passkeys.CompleteRegistrationAsync(context.Pool, Caller(context, user), authenticator.Register(options, Origin, rpId: "evil.example"), Ct)))
            .ShouldStartWith("WebAuthnRelyingPartyMismatchException:");
        (await Passkeys.ListAsync(user, null, null, Ct)).Credentials.ShouldBeEmpty();
    }

    [Fact]
    public async Task CompleteRegistration_WithoutUserVerificationWhenRequired_IsNotSupported()
    {
        var (context, user) = await SetUpAsync(userVerification: "required");
        authenticator.VerifiesUser = false;
        var options = await Passkeys.StartRegistrationAsync(context.Pool, Caller(context, user), Ct);

        (await ErrorAsync(() => Passkeys.CompleteRegistrationAsync(context.Pool, Caller(context, user), authenticator.Register(options, Origin), Ct)))
            .ShouldStartWith("WebAuthnCredentialNotSupportedException:");
    }

    [Fact]
    public async Task StartRegistration_PoolWithoutWebAuthn_OrWithoutRelyingParty_IsRefused()
    {
        var (context, user) = await SetUpAsync(factors: ["PASSWORD"]);
        (await ErrorAsync(() => Passkeys.StartRegistrationAsync(context.Pool, Caller(context, user), Ct))).ShouldStartWith("WebAuthnNotEnabledException:");

        var (bare, bareUser) = await SetUpAsync(rpId: null);
        (await ErrorAsync(() => Passkeys.StartRegistrationAsync(bare.Pool, Caller(bare, bareUser), Ct))).ShouldStartWith("WebAuthnConfigurationMissingException:");
    }

    [Fact]
    public async Task SignIn_WithThePasskey_IsProven_AndTheReplayIsRefused()
    {
        var (context, user) = await SetUpAsync();
        await RegisterAsync(context, user);

        var challenge = await StartSignInAsync(context);
        challenge.ChallengeName.ShouldBe("WEB_AUTHN");
        var requestOptions = challenge.ChallengeParameters!["CREDENTIAL_REQUEST_OPTIONS"];
        using (var parsed = JsonDocument.Parse(requestOptions))
        {
            parsed.RootElement.GetProperty("rpId").GetString().ShouldBe("localhost");
            parsed.RootElement.GetProperty("allowCredentials")[0].GetProperty("id").GetString().ShouldBe(authenticator.Id);
        }

        authenticator.Counter = 1;
        var assertion = authenticator.Assert(requestOptions, Origin);
        (await AnswerAsync(context, challenge, assertion)).User!.Username.ShouldBe("ada");
        (await ErrorAsync(() => AnswerAsync(context, challenge, assertion))).ShouldBe("NotAuthorizedException: Invalid session for the user, session can only be used once.");
        (await Passkeys.ListAsync(user, null, null, Ct)).Credentials[0].LastUsedAt.ShouldBe(core.Time.GetUtcNow());
    }

    [Fact]
    public async Task SignIn_ClonedAuthenticator_CounterNotAdvancing_IsRefused()
    {
        var (context, user) = await SetUpAsync();
        authenticator.Counter = 5;
        await RegisterAsync(context, user);

        var first = await StartSignInAsync(context);
        authenticator.Counter = 6;
        await AnswerAsync(context, first, authenticator.Assert(first.ChallengeParameters!["CREDENTIAL_REQUEST_OPTIONS"], Origin));
        var second = await StartSignInAsync(context);

        (await ErrorAsync(() => AnswerAsync(context, second, authenticator.Assert(second.ChallengeParameters!["CREDENTIAL_REQUEST_OPTIONS"], Origin))))
            .ShouldStartWith("NotAuthorizedException: The passkey's signature counter did not advance");
    }

    [Fact]
    public async Task SignIn_WrongOrigin_WrongRpId_UnknownCredential_BadSignature_AreNotAuthorized()
    {
        var (context, user) = await SetUpAsync();
        await RegisterAsync(context, user);
        using var stranger = new SoftwareAuthenticator();

        async Task<string> Try(Func<string, string> answer)
        {
            var challenge = await StartSignInAsync(context);
            return await ErrorAsync(() => AnswerAsync(context, challenge, answer(challenge.ChallengeParameters!["CREDENTIAL_REQUEST_OPTIONS"])));
        }

        (await Try(o => authenticator.Assert(o, "https://evil.example"))).ShouldBe("NotAuthorizedException: The passkey was used from an origin this user pool does not allow.");
        (await Try(o => authenticator.Assert(o, Origin, rpId: "evil.example"))).ShouldBe("NotAuthorizedException: The passkey belongs to another relying party.");
        (await Try(o => stranger.Assert(o, Origin))).ShouldBe("NotAuthorizedException: The passkey is not registered for this user.");
        (await Try(o =>
        {
            // The right credential id with another key's signature.
            var forged = JsonNode.Parse(authenticator.Assert(o, Origin))!;
            forged["response"]!["signature"] = JsonNode.Parse(stranger.Assert(o, Origin))!["response"]!["signature"]!.GetValue<string>();
            return forged.ToJsonString();
        })).ShouldBe("NotAuthorizedException: The passkey could not be verified.");
    }

    [Fact]
    public async Task SignIn_WrongAnswers_CountTowardTheLockout()
    {
        var (context, user) = await SetUpAsync();
        await RegisterAsync(context, user);
        using var stranger = new SoftwareAuthenticator();
        for (var i = 0; i < SignInThrottle.FreeAttempts; i++)
        {
            var wrong = await StartSignInAsync(context);
            await ErrorAsync(() => AnswerAsync(context, wrong, stranger.Assert(wrong.ChallengeParameters!["CREDENTIAL_REQUEST_OPTIONS"], Origin)));
        }

        authenticator.Counter = 1;
        (await ErrorAsync(() => StartSignInAsync(context))).ShouldBe("NotAuthorizedException: Password attempts exceeded");
    }

    [Fact]
    public async Task SignIn_PreferredWebAuthnNotAllowedByThePool_FallsBackToSelectChallenge()
    {
        var (context, _) = await SetUpAsync(factors: ["PASSWORD"]);

        var step = await StartSignInAsync(context);

        step.ChallengeName.ShouldBe("SELECT_CHALLENGE");
        step.AvailableChallenges.ShouldBe(["PASSWORD", "PASSWORD_SRP"]);
    }

    [Fact]
    public async Task Delete_RemovesThePasskey_AndAnUnknownIdIsResourceNotFound()
    {
        var (context, user) = await SetUpAsync();
        await RegisterAsync(context, user);

        await Passkeys.DeleteAsync(user, authenticator.Id, Ct);

        (await Passkeys.ListAsync(user, null, null, Ct)).Credentials.ShouldBeEmpty();
        (await ErrorAsync(() => Passkeys.DeleteAsync(user, authenticator.Id, Ct))).ShouldStartWith("ResourceNotFoundException:");
    }
}

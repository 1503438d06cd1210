// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Auth.Passwordless;
using Tessera.Core.Errors;
using Tessera.Core.Pools;
using Tessera.Core.Users;

namespace Tessera.Core.Tests.Auth.Passwordless;

/// <summary>The first-factor rules of choice-based sign-in: what a pool may allow and what a user is offered.</summary>
public sealed class FirstFactorsTests
{
    private static UserPoolSettings Allowing(params string[] factors)
        => new() { Policies = new UserPoolPolicyType { SignInPolicy = new SignInPolicyType { AllowedFirstAuthFactors = factors } } };

    private static UserPool Pool(UserPoolSettings settings) => new() { Id = "us-east-1_Test", Name = "test", Settings = settings };

    private static User Alice(bool verifiedEmail = true, bool verifiedPhone = false)
    {
        var user = new User { PoolId = "us-east-1_Test", Username = "alice", NormalizedUsername = "alice", PasswordHash = "hash" };
        user.SetAttribute("email", "alice@example.com");
        user.SetAttribute("email_verified", verifiedEmail ? "true" : "false");
        user.SetAttribute("phone_number", "+15550100");
        user.SetAttribute("phone_number_verified", verifiedPhone ? "true" : "false");
        return user;
    }

    private static string Refusal(UserPoolSettings settings)
    {
        var e = Should.Throw<CognitoException>(() => FirstFactors.Check(settings));
        return $"{e.Code}: {e.Message}";
    }

    [Fact]
    public void Check_NoPolicy_AllowsPasswordOnly()
        => FirstFactors.Check(new UserPoolSettings()).Policies!.SignInPolicy!.AllowedFirstAuthFactors.ShouldBe(["PASSWORD"]);

    [Fact]
    public void Check_SoftwareToken_IsRefused()
        => Refusal(Allowing("PASSWORD", "SOFTWARE_TOKEN")).ShouldBe("InvalidParameterException: SOFTWARE_TOKEN is not supported as a first authentication factor.");

    [Fact]
    public void Check_EmptyList_IsRefused()
        => Refusal(Allowing()).ShouldStartWith("InvalidParameterException:");

    [Fact]
    public void Check_PasswordlessOnLiteTier_IsFeatureUnavailableInTier()
        => Refusal(Allowing("PASSWORD", "EMAIL_OTP") with { UserPoolTier = "LITE" }).ShouldStartWith("FeatureUnavailableInTierException:");

    [Fact]
    public void Check_PasswordOnLiteTier_IsAllowed()
        => FirstFactors.Check(Allowing("PASSWORD") with { UserPoolTier = "LITE" }).ShouldNotBeNull();

    [Theory]
    [InlineData("https://example.com")]
    [InlineData("example.com:443")]
    [InlineData("example.com/path")]
    [InlineData("")]
    public void Check_RelyingPartyIdThatIsNotAHostName_IsRefused(string rp)
        => Refusal(new UserPoolSettings { WebAuthnConfiguration = new WebAuthnConfigurationType { RelyingPartyId = rp } })
            .ShouldBe("InvalidParameterException: RelyingPartyId must be a domain name without scheme, port or path.");

    [Theory]
    [InlineData("localhost")]
    [InlineData("auth.example.com")]
    public void Check_RelyingPartyHostName_IsKept(string rp)
        => FirstFactors.Check(new UserPoolSettings { WebAuthnConfiguration = new WebAuthnConfigurationType { RelyingPartyId = rp } })
            .WebAuthnConfiguration!.RelyingPartyId.ShouldBe(rp);

    [Fact]
    public void Check_UnknownUserVerification_IsRefused()
        => Refusal(new UserPoolSettings { WebAuthnConfiguration = new WebAuthnConfigurationType { UserVerification = "discouraged" } })
            .ShouldBe("InvalidParameterException: UserVerification must be one of: required, preferred.");

    [Fact]
    public void UserVerification_Unset_IsPreferred()
        => FirstFactors.UserVerification(new UserPoolSettings()).ShouldBe("preferred");

    [Fact]
    public void Available_PasswordPool_OffersPasswordAndSrp()
        => FirstFactors.Available(Pool(new UserPoolSettings()), Alice(), passkeys: 1).ShouldBe(["PASSWORD", "PASSWORD_SRP"]);

    [Fact]
    public void Available_EveryFactor_OffersWhatTheUserCanTake()
    {
        var pool = Pool(Allowing("PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN") with { SmsConfiguration = System.Text.Json.JsonDocument.Parse("{}").RootElement });

        FirstFactors.Available(pool, Alice(verifiedPhone: true), passkeys: 1).ShouldBe(["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"]);
        FirstFactors.Available(pool, Alice(verifiedEmail: false), passkeys: 0).ShouldBe(["PASSWORD", "PASSWORD_SRP"]);
    }

    [Fact]
    public void Available_SmsWithoutSmsConfiguration_IsNotOffered()
        => FirstFactors.Available(Pool(Allowing("SMS_OTP")), Alice(verifiedPhone: true), passkeys: 0).ShouldBeEmpty();

    [Fact]
    public void Available_MfaRequired_OffersNoPasswordlessFactor()
        => FirstFactors.Available(Pool(Allowing("PASSWORD", "EMAIL_OTP", "WEB_AUTHN") with { MfaConfiguration = "ON" }), Alice(), passkeys: 1)
            .ShouldBe(["PASSWORD", "PASSWORD_SRP"]);

    [Fact]
    public void AvailableToUnknown_OffersWhatThePoolAllows()
        => FirstFactors.AvailableToUnknown(Pool(Allowing("WEB_AUTHN", "PASSWORD", "EMAIL_OTP"))).ShouldBe(["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "WEB_AUTHN"]);

    [Fact]
    public void Configured_ListsFactorsNotChallenges()
        => FirstFactors.Configured(Pool(Allowing("PASSWORD", "EMAIL_OTP")), Alice(), passkeys: 0).ShouldBe(["PASSWORD", "EMAIL_OTP"]);
}

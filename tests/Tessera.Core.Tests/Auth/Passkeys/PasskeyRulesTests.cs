// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Auth.Passkeys;
using Tessera.Core.HostedUi;
using Tessera.Core.Pools;

namespace Tessera.Core.Tests.Auth.Passkeys;

public sealed class PasskeyRulesTests
{
    private static UserPool Pool(string? rpId = null) => new()
    {
        Id = "eu-west-1_abcdefghi",
        Name = "pool",
        Settings = new UserPoolSettings { WebAuthnConfiguration = rpId is null ? null : new WebAuthnConfigurationType { RelyingPartyId = rpId } },
    };

    private static UserPoolDomain Domain(string name, string? certificate = null) => new() { Domain = name, PoolId = "eu-west-1_abcdefghi", CertificateArn = certificate };

    [Fact]
    public void RelyingPartyId_Configured_WinsOverTheDomains()
        => PasskeyRules.RelyingPartyId(Pool("Example.com"), [Domain("auth.other.com", "arn:cert")]).ShouldBe("example.com");

    [Fact]
    public void RelyingPartyId_Default_IsTheCustomDomainThenThePrefixDomainsHost()
    {
        PasskeyRules.RelyingPartyId(Pool(), [Domain("myapp"), Domain("auth.example.com", "arn:cert")]).ShouldBe("auth.example.com");
        PasskeyRules.RelyingPartyId(Pool(), [Domain("myapp")]).ShouldBe("myapp.auth.eu-west-1.amazoncognito.com");
    }

    [Fact]
    public void RelyingPartyId_NoneConfiguredAndNoDomain_IsNull() => PasskeyRules.RelyingPartyId(Pool(), []).ShouldBeNull();

    [Theory]
    [InlineData("https://example.com", "example.com", true)]
    [InlineData("https://login.example.com", "example.com", true)]
    [InlineData("https://example.com:8443", "example.com", true)]
    [InlineData("http://localhost:5173", "localhost", true)]
    [InlineData("https://localhost", "localhost", true)]
    [InlineData("http://example.com", "example.com", false)]
    [InlineData("https://evil-example.com", "example.com", false)]
    [InlineData("https://example.com.evil.com", "example.com", false)]
    [InlineData("https://example.org", "example.com", false)]
    [InlineData("http://localhost.evil.com", "localhost", false)]
    [InlineData("http://127.0.0.1:3000", "localhost", false)]
    [InlineData("https://example.com/path", "example.com", false)]
    [InlineData("https://example.com/", "example.com", false)]
    [InlineData("null", "example.com", false)]
    [InlineData("", "example.com", false)]
    public void IsAllowedOrigin_SameSiteHttpsOrLocalhostHttp(string origin, string rpId, bool allowed)
        => PasskeyRules.IsAllowedOrigin(origin, rpId).ShouldBe(allowed);

    [Theory]
    [InlineData(0, 0, true)]
    [InlineData(0, 1, true)]
    [InlineData(5, 6, true)]
    [InlineData(5, 5, false)]
    [InlineData(5, 4, false)]
    [InlineData(5, 0, false)]
    public void IsCounterAccepted_RefusesACounterThatDidNotAdvance(long stored, long presented, bool accepted)
        => PasskeyRules.IsCounterAccepted(stored, presented).ShouldBe(accepted);
}

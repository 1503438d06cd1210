// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.OAuth;

namespace Tessera.Core.Tests.OAuth;

/// <summary>RFC 7636 Appendix B's example pair, and S256 as the only method (Cognito's authorize endpoint; RFC 9700 §2.1.1).</summary>
public sealed class PkceTests
{
    private const string Verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private const string Challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    [Fact]
    public void Verify_S256_Rfc7636AppendixB_Matches() => Pkce.Verify(Challenge, "S256", Verifier).ShouldBeTrue();

    [Fact]
    public void Verify_S256_WrongVerifier_Fails() => Pkce.Verify(Challenge, "S256", Verifier.Replace('d', 'e')).ShouldBeFalse();

    [Theory]
    [InlineData("plain")]
    [InlineData(null)]
    [InlineData("s256")]
    public void Verify_AnyMethodButS256_FailsEvenWithTheChallengeAsVerifier(string? method)
        => Pkce.Verify(Verifier, method, Verifier).ShouldBeFalse();

    [Theory]
    [InlineData("S256", true)]
    [InlineData("plain", false)]
    [InlineData(null, false)]
    [InlineData("", false)]
    public void IsSupportedMethod_OnlyS256(string? method, bool supported) => Pkce.IsSupportedMethod(method).ShouldBe(supported);
}

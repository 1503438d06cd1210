// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Tessera.Core.Auth.Srp;

namespace Tessera.Core.Tests.Auth.Srp;

/// <summary>
/// The server's SRP math against values amazon-cognito-identity-js computed (srp-vectors.json, made by
/// srp-vectors.mjs): the verifier a password yields, and the PASSWORD_CLAIM_SIGNATURE the client sent for a
/// given SALT, SRP_B and SECRET_BLOCK.
/// </summary>
public sealed class SrpServerTests
{
    public static TheoryData<int, bool> Cases()
    {
        var data = new TheoryData<int, bool>();
        for (var i = 0; i < Vectors.Value.Length; i++)
        {
            data.Add(i, true);
            data.Add(i, false);
        }

        return data;
    }

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    private static readonly Lazy<Vector[]> Vectors = new(() =>
        JsonSerializer.Deserialize<Vector[]>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Auth", "Srp", "srp-vectors.json")), Json)!);

    private static SrpServer Server(bool native)
    {
        var modExp = native ? new ModularExponentiation(NullLogger<ModularExponentiation>.Instance) : ModularExponentiation.Managed;
        if (native)
        {
            modExp.IsNative.ShouldBeTrue("libcrypto.so.3 should load on Debian 12");
        }

        return new SrpServer(modExp);
    }

    private static BigInteger Hex(string hex) => SrpGroup.ParseHex(hex) ?? throw new FormatException(hex);

    [Theory]
    [MemberData(nameof(Cases))]
    public void ComputeVerifier_SameInputsAsTheJsClient_MatchesItsVerifier(int index, bool native)
    {
        var v = Vectors.Value[index];
        var salt = Convert.FromHexString(v.Salt);
        Server(native).ComputeVerifier(v.PoolName, v.UserIdForSrp, v.Password, salt).ShouldBe(Hex(v.Verifier));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Signature_ForTheJsClientsA_MatchesThePasswordClaimItSent(int index, bool native)
    {
        var v = Vectors.Value[index];
        var server = Server(native);
        server.ComputePublicB(Hex(v.Verifier), Hex(v.B)).ShouldBe(Hex(v.SrpB));

        var key = server.DeriveKey(Hex(v.SrpA), Hex(v.SrpB), Hex(v.B), Hex(v.Verifier)).ShouldNotBeNull();
        var signature = SrpServer.Signature(key, v.PoolName, v.UserIdForSrp, Convert.FromBase64String(v.SecretBlock), v.Timestamp);

        Convert.ToBase64String(signature).ShouldBe(v.Signature);
        v.Username.ShouldBe(v.UserIdForSrp, "the client answers with USER_ID_FOR_SRP as USERNAME");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Signature_WrongPassword_DiffersFromTheClaim(int index, bool native)
    {
        var v = Vectors.Value[index];
        var server = Server(native);
        var wrong = server.ComputeVerifier(v.PoolName, v.UserIdForSrp, v.Password + "x", Convert.FromHexString(v.Salt));
        var key = server.DeriveKey(Hex(v.SrpA), Hex(v.SrpB), Hex(v.B), wrong).ShouldNotBeNull();
        Convert.ToBase64String(SrpServer.Signature(key, v.PoolName, v.UserIdForSrp, Convert.FromBase64String(v.SecretBlock), v.Timestamp)).ShouldNotBe(v.Signature);
    }

    [Fact]
    public void TryParseTimestamp_ClientFormat_DayNotZeroPadded()
    {
        foreach (var v in Vectors.Value)
        {
            SrpAuthenticator.TryParseTimestamp(v.Timestamp, out var parsed).ShouldBeTrue(v.Timestamp);
            parsed.ToString("ddd MMM d HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture).ShouldBe(v.Timestamp);
        }

        Vectors.Value[0].Timestamp.ShouldBe("Tue Aug 5 09:03:07 UTC 2025");
        SrpAuthenticator.TryParseTimestamp("2025-08-05T09:03:07Z", out _).ShouldBeFalse();
    }

    [Fact]
    public void DeriveKey_AZeroModuloN_IsRefused()
    {
        var server = Server(native: true);
        var v = Vectors.Value[0];
        server.DeriveKey(BigInteger.Zero, Hex(v.SrpB), Hex(v.B), Hex(v.Verifier)).ShouldBeNull();
        server.DeriveKey(SrpGroup.N, Hex(v.SrpB), Hex(v.B), Hex(v.Verifier)).ShouldBeNull();
        server.DeriveKey(SrpGroup.N * 2, Hex(v.SrpB), Hex(v.B), Hex(v.Verifier)).ShouldBeNull();
    }

    [Fact]
    public void Pow_NativeAndManaged_Agree()
    {
        var native = new ModularExponentiation(NullLogger<ModularExponentiation>.Instance);
        var value = Hex(Vectors.Value[1].SrpA);
        var exponent = Hex(Vectors.Value[1].B);
        native.Pow(value, exponent).ShouldBe(BigInteger.ModPow(value, exponent, SrpGroup.N));
        native.Pow(SrpGroup.G, BigInteger.Zero).ShouldBe(BigInteger.One);
    }

    // The value of AuthenticationHelper.k in amazon-cognito-identity-js 6.3.21.
    [Fact]
    public void K_IsHashOfPaddedNAndG()
        => SrpGroup.K.ShouldBe(Hex("538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6"));

    private sealed record Vector(
        string PoolName, string UserIdForSrp, string Password, string Salt, string Verifier, string B, string SrpB,
        string SrpA, string SecretBlock, string Timestamp, string Signature, string Username);
}

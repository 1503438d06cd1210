// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tessera.Core.Identity;
using Tessera.Core.Security;
using Tessera.Server.Hosting;
using Tessera.Server.SigV4;

namespace Tessera.Server.Tests.SigV4;

public sealed class CredentialVerifierTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("Action=GetCallerIdentity&Version=2011-06-15");
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private readonly SessionCredentials sessions;
    private readonly CredentialVerifier verifier;

    public CredentialVerifierTests()
    {
        var protector = new SecretProtector(new byte[32]);
        sessions = new SessionCredentials(protector, time);
        var admin = Options.Create(new AdminOptions { AccessKeyId = "AKIDADMIN", SecretAccessKey = "admin-secret" });
        verifier = new CredentialVerifier(admin, new TesseraRuntime(TesseraMode.Production), sessions, time);
    }

    [Fact]
    public void Verify_TemporaryCredentials_ReturnsTheSealedSession()
    {
        var credentials = Issue();
        var caller = verifier.Verify(Signed(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken), Body, Sts);
        caller.Session.ShouldNotBeNull();
        caller.Session.RoleName.ShouldBe("reader");
        caller.Session.Subject.ShouldBe("us-east-1:00000000-0000-0000-0000-000000000001");
    }

    [Fact]
    public void Verify_AdminKey_ReturnsNoSession()
        => verifier.Verify(Signed("AKIDADMIN", "admin-secret", null), Body, Sts).Session.ShouldBeNull();

    [Fact]
    public void Verify_WrongSecret_FailsWithSignatureMismatch()
    {
        var credentials = Issue();
        Fails(Signed(credentials.AccessKeyId, "wrong", credentials.SessionToken)).ShouldBe(SigV4FailureKind.SignatureMismatch);
    }

    [Fact]
    public void Verify_UnknownLongTermKey_FailsWithUnknownAccessKey()
        => Fails(Signed("AKIDNOBODY", "admin-secret", null)).ShouldBe(SigV4FailureKind.UnknownAccessKey);

    [Fact]
    public void Verify_TamperedSessionToken_FailsWithUnknownAccessKey()
    {
        var credentials = Issue();
        var bytes = Convert.FromBase64String(credentials.SessionToken);
        bytes[^3] ^= 0x01;
        Fails(Signed(credentials.AccessKeyId, credentials.SecretAccessKey, Convert.ToBase64String(bytes))).ShouldBe(SigV4FailureKind.UnknownAccessKey);
    }

    [Fact]
    public void Verify_SessionTokenOfAnotherKey_FailsWithUnknownAccessKey()
    {
        var mine = Issue();
        var theirs = Issue();
        Fails(Signed(mine.AccessKeyId, theirs.SecretAccessKey, theirs.SessionToken)).ShouldBe(SigV4FailureKind.UnknownAccessKey);
    }

    [Fact]
    public void Verify_ExpiredCredentials_FailsWithExpiredToken()
    {
        var credentials = Issue();
        time.Advance(TimeSpan.FromMinutes(61));
        Fails(Signed(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken)).ShouldBe(SigV4FailureKind.ExpiredToken);
    }

    [Fact]
    public void Verify_ReplayOutsideTheSkewWindow_FailsWithSignatureExpired()
    {
        var credentials = Issue();
        var request = Signed(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken);
        time.Advance(TimeSpan.FromMinutes(16));
        var failure = Should.Throw<SigV4Failure>(() => verifier.Verify(request, Body, Sts));
        failure.Kind.ShouldBe(SigV4FailureKind.SignatureExpired);
        failure.Message.ShouldBe("Signature expired: 20261126T120000Z is now earlier than 20261126T120100Z (20261126T121600Z - 15 min.)");
    }

    [Fact]
    public void Verify_WithinTheSkewWindow_Succeeds()
    {
        var credentials = Issue();
        var request = Signed(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken);
        time.Advance(TimeSpan.FromMinutes(14));
        verifier.Verify(request, Body, Sts).Session.ShouldNotBeNull();
    }

    [Fact]
    public void Verify_SignedForAnotherService_FailsWithWrongService()
    {
        var credentials = Issue();
        Fails(Signed(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken, service: "cognito-idp")).ShouldBe(SigV4FailureKind.WrongService);
    }

    [Theory]
    [InlineData("us-east-1", "us-east-1", true)]
    [InlineData("eu-west-1", "eu-west-1", true)]
    [InlineData("eu-west-1", "us-east-1", true)]
    [InlineData("eu-west-1", "eu-central-1", false)]
    [InlineData("us-east-1", "eu-west-1", false)]
    public void Verify_Sts_AcceptsTesseraRegionAndTheGlobalEndpointsUsEast1(string tesseraRegion, string signedFor, bool accepted)
    {
        // The global endpoint sts.amazonaws.com is signed for us-east-1; a regional client signs for its region.
        var credentials = Issue();
        var request = Signed(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken, region: signedFor);

        if (accepted)
        {
            verifier.Verify(request, Body, SigV4Scope.Sts(tesseraRegion)).Session.ShouldNotBeNull();
        }
        else
        {
            var failure = Should.Throw<SigV4Failure>(() => verifier.Verify(request, Body, SigV4Scope.Sts(tesseraRegion)));
            failure.Kind.ShouldBe(SigV4FailureKind.WrongRegion);
            failure.Message.ShouldBe($"Credential should be scoped to a valid region, not '{signedFor}'. ");
        }
    }

    [Fact]
    public void RoleId_SameArn_IsStableAndShapedLikeIam()
    {
        var id = sessions.RoleId("arn:aws:iam::000000000000:role/reader");
        id.ShouldMatch("^AROA[A-Z2-7]{17}$");
        id.ShouldBe(sessions.RoleId("arn:aws:iam::000000000000:role/reader"));
        id.ShouldNotBe(sessions.RoleId("arn:aws:iam::000000000000:role/writer"));
    }

    private TemporaryCredentials Issue()
        => sessions.Issue("arn:aws:iam::000000000000:role/reader", "CognitoIdentityCredentials", "us-east-1:00000000-0000-0000-0000-000000000001", "us-east-1:pool", TimeSpan.FromHours(1));

    private SigV4FailureKind Fails(HttpRequest request) => Should.Throw<SigV4Failure>(() => verifier.Verify(request, Body, Sts)).Kind;

    /// <summary>Signs like botocore: host, x-amz-date and the security token, under the given secret.</summary>
    private static SigV4Scope Sts => SigV4Scope.Sts("us-east-1");

    private HttpRequest Signed(string accessKeyId, string secret, string? sessionToken, string service = "sts", string region = "us-east-1")
    {
        var context = new DefaultHttpContext();
        var request = context.Request;
        request.Method = "POST";
        request.Path = "/";
        request.Host = new HostString("localhost");
        var amzDate = time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        request.Headers["host"] = "localhost";
        request.Headers["x-amz-date"] = amzDate;
        var signed = new List<string> { "host", "x-amz-date" };
        if (sessionToken is not null)
        {
            request.Headers["x-amz-security-token"] = sessionToken;
            signed.Add("x-amz-security-token");
        }

        var authorization = new SigV4Authorization(accessKeyId, amzDate[..8], region, service, signed, new string('0', 64));
        var signature = SigV4Verifier.ExpectedSignature(SigV4Authenticator.ToSigV4Request(request, Body), authorization, secret);
        request.Headers.Authorization = $"AWS4-HMAC-SHA256 Credential={accessKeyId}/{amzDate[..8]}/{region}/{service}/aws4_request, SignedHeaders={string.Join(';', signed)}, Signature={signature}";
        return request;
    }
}

// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tessera.Core;
using Tessera.Core.Errors;
using Tessera.Core.Identity;
using Tessera.Core.Security;
using Tessera.Server.Hosting;
using Tessera.Server.SigV4;

namespace Tessera.Server.Tests.SigV4;

public sealed class SigV4AuthenticatorTests
{
    private const string KeyId = "AKIDADMIN";
    private const string Secret = "admin-secret";
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"UserPoolId":"us-east-1_abc","Username":"alice"}""");

    [Fact]
    public async Task Authenticate_RightKeyAndSecret_Passes()
    {
        var request = Signed();

        await Authenticator().AuthenticateAsync(request, Body, "cognito-idp", CancellationToken.None);
    }

    [Fact]
    public async Task Authenticate_NoAuthorizationHeader_ThrowsMissingAuthenticationToken()
    {
        var request = Signed();
        request.Headers.Remove("Authorization");

        var error = await Fails(Authenticator(), request);

        error.Code.ShouldBe("MissingAuthenticationTokenException");
        error.Message.ShouldBe("Missing Authentication Token");
        error.StatusCode.ShouldBe(400);
    }

    [Theory]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDADMIN/20260301/us-east-1/cognito-idp/aws4_request")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDADMIN/20260301/us-east-1/cognito-idp/aws4_request, SignedHeaders=host;x-amz-date, Signature=short")]
    [InlineData("AWS AKIDADMIN:c2lnbmF0dXJl")]
    [InlineData("garbage")]
    public async Task Authenticate_MalformedAuthorization_ThrowsIncompleteSignature(string header)
    {
        var request = Signed();
        request.Headers.Authorization = header;

        var error = await Fails(Authenticator(), request);

        error.Code.ShouldBe("IncompleteSignatureException");
        error.StatusCode.ShouldBe(400);
    }

    [Fact]
    public async Task Authenticate_NoAmzDate_ThrowsIncompleteSignature()
    {
        var request = Signed();
        request.Headers.Remove("X-Amz-Date");

        (await Fails(Authenticator(), request)).Code.ShouldBe("IncompleteSignatureException");
    }

    [Fact]
    public async Task Authenticate_HostNotSigned_ThrowsInvalidSignatureInAwsWords()
    {
        var request = Signed(signedHeaders: ["x-amz-date", "x-amz-target"]);

        var error = await Fails(Authenticator(), request);

        error.Code.ShouldBe("InvalidSignatureException");
        error.Message.ShouldBe("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Authenticate_TargetNotSigned_ThrowsInvalidSignature_EvenWithTheRightKey(bool adminKeyConfigured)
    {
        // Signed right over host and date only: the same signature would pass for any operation on this body.
        var request = Signed(signedHeaders: ["content-type", "host", "x-amz-date"]);
        request.Headers["X-Amz-Target"] = "AWSCognitoIdentityProviderService.AdminDeleteUser";

        var error = await Fails(Authenticator(configured: adminKeyConfigured, mode: TesseraMode.Development), request);

        error.Code.ShouldBe("InvalidSignatureException");
        error.Message.ShouldBe("'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Authenticate_ScopedToAnotherRegion_ThrowsInvalidSignatureInAwsWords(bool adminKeyConfigured)
    {
        var error = await Fails(Authenticator(configured: adminKeyConfigured, mode: TesseraMode.Development), Signed(region: "eu-west-1"));

        error.Code.ShouldBe("InvalidSignatureException");
        error.Message.ShouldBe("Credential should be scoped to a valid region, not 'eu-west-1'. ");
    }

    [Fact]
    public async Task Authenticate_SignedForTesseraConfiguredRegion_Passes()
        => await Authenticator(region: "eu-west-1").AuthenticateAsync(Signed(region: "eu-west-1"), Body, "cognito-idp", CancellationToken.None);

    [Fact]
    public async Task Authenticate_WrongSecret_ThrowsInvalidSignature()
    {
        var request = Signed(secret: "not-the-secret");

        var error = await Fails(Authenticator(), request);

        error.Code.ShouldBe("InvalidSignatureException");
        error.Message.ShouldBe("The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
        error.StatusCode.ShouldBe(400);
    }

    [Fact]
    public async Task Authenticate_BodyChangedAfterSigning_ThrowsInvalidSignature()
    {
        var request = Signed();

        var error = await Fails(Authenticator(), request, Encoding.UTF8.GetBytes("""{"UserPoolId":"us-east-1_abc","Username":"mallory"}"""));

        error.Code.ShouldBe("InvalidSignatureException");
    }

    [Fact]
    public async Task Authenticate_SignedTargetChanged_ThrowsInvalidSignature()
    {
        var request = Signed();
        request.Headers["X-Amz-Target"] = "AWSCognitoIdentityProviderService.AdminDeleteUser";

        (await Fails(Authenticator(), request)).Code.ShouldBe("InvalidSignatureException");
    }

    [Fact]
    public async Task Authenticate_UnknownAccessKeyId_ThrowsUnrecognizedClient()
    {
        var request = Signed(keyId: "AKIDSOMEONEELSE");

        var error = await Fails(Authenticator(), request);

        error.Code.ShouldBe("UnrecognizedClientException");
        error.Message.ShouldBe("The security token included in the request is invalid.");
        error.StatusCode.ShouldBe(400);
    }

    [Fact]
    public async Task Authenticate_DateMoreThan15MinutesOld_ThrowsSignatureExpired()
    {
        var request = Signed(at: Now.AddMinutes(-16));

        var error = await Fails(Authenticator(), request);

        error.Code.ShouldBe("InvalidSignatureException");
        error.Message.ShouldBe("Signature expired: 20260301T114400Z is now earlier than 20260301T114500Z (20260301T120000Z - 15 min.)");
    }

    [Fact]
    public async Task Authenticate_DateMoreThan15MinutesAhead_ThrowsSignatureNotYetCurrent()
    {
        var request = Signed(at: Now.AddMinutes(16));

        var error = await Fails(Authenticator(), request);

        error.Code.ShouldBe("InvalidSignatureException");
        error.Message.ShouldBe("Signature not yet current: 20260301T121600Z is still later than 20260301T121500Z (20260301T120000Z + 15 min.)");
    }

    [Fact]
    public async Task Authenticate_DateWithin15Minutes_Passes()
    {
        await Authenticator().AuthenticateAsync(Signed(at: Now.AddMinutes(-14)), Body, "cognito-idp", CancellationToken.None);
        await Authenticator().AuthenticateAsync(Signed(at: Now.AddMinutes(14)), Body, "cognito-idp", CancellationToken.None);
    }

    [Fact]
    public async Task Authenticate_ScopedToAnotherService_ThrowsInvalidSignature()
    {
        var request = Signed(service: "cognito-identity");

        var error = await Fails(Authenticator(), request);

        error.Code.ShouldBe("InvalidSignatureException");
        error.Message.ShouldBe("Credential should be scoped to correct service: 'cognito-idp'. ");
    }

    [Fact]
    public async Task Authenticate_DevelopmentWithoutAdminKey_AcceptsAnyWellFormedSignature()
    {
        var authenticator = Authenticator(configured: false, mode: TesseraMode.Development);

        await authenticator.AuthenticateAsync(Signed(keyId: "AKIDANYONE", secret: "anything"), Body, "cognito-idp", CancellationToken.None);
    }

    [Fact]
    public async Task Authenticate_DevelopmentWithoutAdminKey_StillRejectsMalformedAndStale()
    {
        var authenticator = Authenticator(configured: false, mode: TesseraMode.Development);
        var unsigned = Signed();
        unsigned.Headers.Remove("Authorization");

        (await Fails(authenticator, unsigned)).Code.ShouldBe("MissingAuthenticationTokenException");
        (await Fails(authenticator, Signed(at: Now.AddHours(-1)))).Code.ShouldBe("InvalidSignatureException");
        (await Fails(authenticator, Signed(service: "sts"))).Code.ShouldBe("InvalidSignatureException");
    }

    [Fact]
    public async Task Authenticate_DevelopmentWithAdminKey_Verifies()
    {
        var authenticator = Authenticator(configured: true, mode: TesseraMode.Development);

        await authenticator.AuthenticateAsync(Signed(), Body, "cognito-idp", CancellationToken.None);
        (await Fails(authenticator, Signed(secret: "wrong"))).Code.ShouldBe("InvalidSignatureException");
        (await Fails(authenticator, Signed(keyId: "AKIDOTHER"))).Code.ShouldBe("UnrecognizedClientException");
    }

    [Fact]
    public async Task Authenticate_ProductionWithoutAdminKey_RecognizesNoOne()
    {
        var authenticator = Authenticator(configured: false, mode: TesseraMode.Production);

        (await Fails(authenticator, Signed())).Code.ShouldBe("UnrecognizedClientException");
    }

    private static SigV4Authenticator Authenticator(bool configured = true, TesseraMode mode = TesseraMode.Production, string region = "us-east-1")
    {
        var time = new FakeTimeProvider(Now);
        var verifier = new CredentialVerifier(
            Options.Create(configured ? new AdminOptions { AccessKeyId = KeyId, SecretAccessKey = Secret } : new AdminOptions()),
            new TesseraRuntime(mode),
            new SessionCredentials(new SecretProtector(new byte[32]), time),
            time);
        return new(verifier, Options.Create(new TesseraOptions { Region = region }));
    }

    private static async Task<CognitoException> Fails(SigV4Authenticator authenticator, HttpRequest request, byte[]? body = null)
        => await Should.ThrowAsync<CognitoException>(async () => await authenticator.AuthenticateAsync(request, body ?? Body, "cognito-idp", CancellationToken.None));

    /// <summary>A POST / signed the way botocore signs a JSON call.</summary>
    private static HttpRequest Signed(string keyId = KeyId, string secret = Secret, DateTimeOffset? at = null, string service = "cognito-idp", string[]? signedHeaders = null, string region = "us-east-1")
    {
        var amzDate = (at ?? Now).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var request = new DefaultHttpContext().Request;
        request.Method = "POST";
        request.Path = "/";
        request.Host = new HostString("localhost:9229");
        request.ContentType = "application/x-amz-json-1.1";
        request.Headers["X-Amz-Date"] = amzDate;
        request.Headers["X-Amz-Target"] = "AWSCognitoIdentityProviderService.AdminGetUser";
        signedHeaders ??= ["content-type", "host", "x-amz-date", "x-amz-target"];
        var authorization = new SigV4Authorization(keyId, amzDate[..8], region, service, signedHeaders, new string('0', 64));
        var signature = SigV4Verifier.ExpectedSignature(SigV4Authenticator.ToSigV4Request(request, Body), authorization, secret);
        request.Headers.Authorization = $"AWS4-HMAC-SHA256 Credential={keyId}/{amzDate[..8]}/{region}/{service}/aws4_request, SignedHeaders={string.Join(';', signedHeaders)}, Signature={signature}";
        return request;
    }
}

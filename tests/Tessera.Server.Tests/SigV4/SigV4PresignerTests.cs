// SPDX-License-Identifier: Apache-2.0
using Tessera.Server.SigV4;

namespace Tessera.Server.Tests.SigV4;

/// <summary>Query-string SigV4 against the example in Amazon S3's API reference ("Authenticating Requests: Using Query Parameters").</summary>
public sealed class SigV4PresignerTests
{
    private const string ExampleKey = "AKIAIOSFODNN7EXAMPLE";
    private const string ExampleSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static readonly DateTimeOffset ExampleDate = new(2013, 5, 24, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Presign_S3ReferenceExample_GivesThePublishedSignature()
    {
        var url = SigV4Presigner.Presign("GET", new Uri("https://examplebucket.s3.amazonaws.com/test.txt"), [], ExampleKey, ExampleSecret, "us-east-1", "s3", ExampleDate, TimeSpan.FromDays(1));

        url.ShouldBe("https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
    }

    private static (SigV4Request Request, Func<string, string?> Secrets) Upload(string url, params (string Name, string Value)[] headers)
    {
        var uri = new Uri(url);
        var all = headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)).Append(new("host", uri.Authority)).ToList();
        return (new SigV4Request("PUT", uri.AbsolutePath, uri.Query, all, "a,b"u8.ToArray()), key => key == "KEY" ? "secret" : null);
    }

    private static string PresignedUpload() => SigV4Presigner.Presign(
        "PUT", new Uri("http://localhost:9229/_user-import/import-abc"), [new("x-amz-server-side-encryption", "aws:kms")], "KEY", "secret", "us-east-1", "s3", ExampleDate, TimeSpan.FromMinutes(15));

    [Fact]
    public void Verify_WithTheSignedHeader_WithinExpiry_Passes()
    {
        var (request, secrets) = Upload(PresignedUpload(), ("x-amz-server-side-encryption", "aws:kms"), ("content-type", "text/csv"));

        SigV4Presigner.Verify(request, secrets, ExampleDate.AddMinutes(14)).ShouldBe(PresignFailure.None);
        PresignedUpload().ShouldContain("X-Amz-SignedHeaders=host%3Bx-amz-server-side-encryption");
    }

    [Fact]
    public void Verify_WithoutTheEncryptionHeader_SignatureMismatch()
    {
        var (request, secrets) = Upload(PresignedUpload(), ("content-type", "text/csv"));

        SigV4Presigner.Verify(request, secrets, ExampleDate.AddMinutes(1)).ShouldBe(PresignFailure.SignatureMismatch);
    }

    [Fact]
    public void Verify_AfterExpiry_Expired_AndTamperedOrIncomplete_Refused()
    {
        var (request, secrets) = Upload(PresignedUpload(), ("x-amz-server-side-encryption", "aws:kms"));

        SigV4Presigner.Verify(request, secrets, ExampleDate.AddMinutes(16)).ShouldBe(PresignFailure.Expired);
        SigV4Presigner.Verify(request with { Path = "/_user-import/import-abd" }, secrets, ExampleDate).ShouldBe(PresignFailure.SignatureMismatch);
        SigV4Presigner.Verify(request with { Query = request.Query.Replace("X-Amz-Expires=900", "X-Amz-Expires=9000", StringComparison.Ordinal) }, secrets, ExampleDate).ShouldBe(PresignFailure.SignatureMismatch);
        SigV4Presigner.Verify(request, _ => null, ExampleDate).ShouldBe(PresignFailure.UnknownAccessKey);
        SigV4Presigner.Verify(request with { Query = "?X-Amz-Algorithm=AWS4-HMAC-SHA256" }, secrets, ExampleDate).ShouldBe(PresignFailure.MissingParameters);
    }
}

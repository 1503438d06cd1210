// SPDX-License-Identifier: Apache-2.0
using Tessera.Server.SigV4;

namespace Tessera.Server.Tests.SigV4;

/// <summary>The outgoing signer against AWS's published test suite: signing each unsigned request gives the published Authorization.</summary>
public sealed class SigV4SignerTests
{
    [Theory]
    [MemberData(nameof(SigV4TestSuiteTests.Cases), MemberType = typeof(SigV4TestSuiteTests))]
    public void Authorization_EachCaseSigningAllItsHeaders_MatchesPublishedAuthz(string name)
    {
        var (signed, published) = SigV4TestSuiteTests.Load(name);
        var request = signed with { Headers = signed.Headers.Where(h => h.Key != "authorization").ToList() };
        var allHeaders = request.Headers.Select(h => h.Key).Distinct().Order(StringComparer.Ordinal);
        // The signer signs every header it is given; cases that leave one unsigned (post-sts-header-after) prove the verifier only.
        Assert.SkipUnless(allHeaders.SequenceEqual(published.SignedHeaders), $"{name} leaves a header unsigned");

        var authorization = SigV4Signer.Authorization(request, published.AccessKeyId, SigV4TestSuiteTests.SuiteSecret, published.Region, published.Service);

        authorization.ShouldBe(SigV4TestSuiteTests.Read(name, ".authz").Trim());
    }

    [Fact]
    public void Authorization_SignedRequest_PassesTheVerifier()
    {
        List<KeyValuePair<string, string>> headers = [new("host", "localhost:3002"), new("x-amz-date", "20261126T120000Z"), new("content-type", "application/json")];
        var request = new SigV4Request("POST", "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Af/invocations", string.Empty, headers, "{}"u8.ToArray());

        var header = SigV4Signer.Authorization(request, "AKID", "secret", "us-east-1", "lambda");
        var parsed = SigV4Verifier.ParseAuthorization(header)!;

        parsed.Service.ShouldBe("lambda");
        parsed.SignedHeaders.ShouldBe(["content-type", "host", "x-amz-date"]);
        SigV4Verifier.SignatureMatches(SigV4Verifier.ExpectedSignature(request, parsed, "secret"), parsed.Signature).ShouldBeTrue();
        SigV4Verifier.SignatureMatches(SigV4Verifier.ExpectedSignature(request, parsed, "other"), parsed.Signature).ShouldBeFalse();
    }
}

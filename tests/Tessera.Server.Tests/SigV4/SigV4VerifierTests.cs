// SPDX-License-Identifier: Apache-2.0
using Tessera.Server.SigV4;

namespace Tessera.Server.Tests.SigV4;

public sealed class SigV4VerifierTests
{
    [Fact]
    public void ExpectedSignature_GetVanillaVector_MatchesPublishedSignature()
    {
        // AWS SigV4 test suite, get-vanilla (../shared/sigv4-testsuite/get-vanilla).
        var request = new SigV4Request("GET", "/", string.Empty, [new("host", "example.amazonaws.com"), new("x-amz-date", "20150830T123600Z")], ReadOnlyMemory<byte>.Empty);
        var authorization = SigV4Verifier.ParseAuthorization("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")!;

        SigV4Verifier.ExpectedSignature(request, authorization, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
            .ShouldBe("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    }
}

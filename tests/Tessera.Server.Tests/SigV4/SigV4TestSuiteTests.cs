// SPDX-License-Identifier: Apache-2.0
using System.Text;
using Tessera.Server.SigV4;

namespace Tessera.Server.Tests.SigV4;

/// <summary>
/// AWS's published SigV4 test suite (testsuite/, from botocore tests/unit/auth/aws4_testsuite): every
/// case's canonical request, string to sign and signature rebuilt from its signed request, and every
/// signed part shown to matter.
/// </summary>
public sealed class SigV4TestSuiteTests
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "SigV4", "testsuite");

    internal const string SuiteSecret = Secret;

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Root, "*.sreq", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Root, Path.ChangeExtension(file, null)).Replace('\\', '/'));
        }

        return data;
    }

    [Fact]
    public void Suite_IsCopiedWhole()
    {
        // 34 cases in botocore's copy of the suite; a lost folder must not shrink the test silently.
        Cases().Count.ShouldBe(34);
        File.Exists(Path.Combine(Root, "LICENSE")).ShouldBeTrue();
        File.Exists(Path.Combine(Root, "NOTICE")).ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CanonicalRequest_EachCase_MatchesPublishedCreq(string name)
    {
        var (request, authorization) = Load(name);

        SigV4Verifier.CanonicalRequest(request, authorization.SignedHeaders, SigV4Verifier.PayloadHash(request))
            .ShouldBe(Read(name, ".creq"));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void StringToSign_EachCase_MatchesPublishedSts(string name)
    {
        var (request, authorization) = Load(name);
        var canonical = SigV4Verifier.CanonicalRequest(request, authorization.SignedHeaders, SigV4Verifier.PayloadHash(request));

        SigV4Verifier.StringToSign(SigV4Verifier.Header(request, "x-amz-date")!, SigV4Verifier.Scope(authorization), canonical)
            .ShouldBe(Read(name, ".sts"));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ExpectedSignature_EachCase_MatchesPublishedAuthorization(string name)
    {
        var (request, authorization) = Load(name);
        var sent = SigV4Verifier.ParseAuthorization(request.Headers.Single(h => h.Key == "authorization").Value.Trim())!;
        if (name.EndsWith("get-vanilla-with-session-token", StringComparison.Ordinal))
        {
            // The suite's .sreq here carries get-vanilla's signature; its .authz has the right one.
            sent.Signature.ShouldNotBe(authorization.Signature);
        }
        else
        {
            sent.ShouldBe(authorization, new AuthorizationComparer());
        }

        var expected = SigV4Verifier.ExpectedSignature(request, authorization, Secret);

        expected.ShouldBe(authorization.Signature);
        SigV4Verifier.SignatureMatches(expected, authorization.Signature).ShouldBeTrue();
        SigV4Verifier.SignatureMatches(SigV4Verifier.ExpectedSignature(request, authorization, Secret + "x"), authorization.Signature).ShouldBeFalse();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ExpectedSignature_AnySignedPartChanged_NoLongerMatches(string name)
    {
        var (request, authorization) = Load(name);
        var tampered = new List<(string What, SigV4Request Request)>
        {
            ("method", request with { Method = request.Method == "GET" ? "POST" : "GET" }),
            ("path", request with { Path = request.Path + "x" }),
            ("query added", request with { Query = request.Query.Length == 0 ? "?Tampered=1" : request.Query + "&Tampered=1" }),
            ("body", request with { Body = request.Body.ToArray().Append((byte)'x').ToArray() }),
        };
        if (request.Query.Contains('=', StringComparison.Ordinal))
        {
            tampered.Add(("query value", request with { Query = request.Query.Replace("=", "=x", StringComparison.Ordinal) }));
        }

        foreach (var header in authorization.SignedHeaders)
        {
            var index = request.Headers.ToList().FindIndex(h => h.Key == header);
            var headers = request.Headers.ToList();
            headers[index] = new(header, headers[index].Value + "x");
            tampered.Add(($"header {header}", request with { Headers = headers }));
        }

        foreach (var (what, changed) in tampered)
        {
            SigV4Verifier.SignatureMatches(SigV4Verifier.ExpectedSignature(changed, authorization, Secret), authorization.Signature)
                .ShouldBeFalse($"changing the {what} of {name} kept the signature valid");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Scope_EachCase_PassesForItsOwnServiceAndRegionOnly(string name)
    {
        var (_, authorization) = Load(name);

        new SigV4Scope("service", ["us-east-1"], []).Refuses(authorization).ShouldBeNull();
        new SigV4Scope("service", ["eu-west-1"], []).Refuses(authorization)!.Kind.ShouldBe(SigV4FailureKind.WrongRegion);
        new SigV4Scope("service", ["eu-west-1"], []).Refuses(authorization)!.Message.ShouldBe("Credential should be scoped to a valid region, not 'us-east-1'. ");
        new SigV4Scope("sts", ["us-east-1"], []).Refuses(authorization)!.Kind.ShouldBe(SigV4FailureKind.WrongService);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Scope_EachCase_RequiresTheHeadersASurfaceNames(string name)
    {
        // Every case signs host and x-amz-date; none signs X-Amz-Target, which an awsJson call must.
        var (_, authorization) = Load(name);

        new SigV4Scope("service", ["us-east-1"], ["X-Amz-Date"]).Refuses(authorization).ShouldBeNull();
        var refused = SigV4Scope.AwsJson("service", "us-east-1").Refuses(authorization)!;
        refused.Kind.ShouldBe(SigV4FailureKind.UnsignedHeader);
        refused.Message.ShouldBe("'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.");
        new SigV4Scope("service", ["us-east-1"], []).Refuses(authorization with { SignedHeaders = ["x-amz-date"] })!.Kind.ShouldBe(SigV4FailureKind.UnsignedHeader);
    }

    [Fact]
    public void ExpectedSignature_UnsignedHeaderChanged_StillMatches()
    {
        // post-sts-header-after sends X-Amz-Security-Token without signing it.
        var (request, authorization) = Load("post-sts-token/post-sts-header-after/post-sts-header-after");
        var headers = request.Headers.Select(h => h.Key == "x-amz-security-token" ? new KeyValuePair<string, string>(h.Key, "other") : h).ToList();

        SigV4Verifier.ExpectedSignature(request with { Headers = headers }, authorization, Secret).ShouldBe(authorization.Signature);
    }

    [Theory]
    [InlineData("/", "/")]
    [InlineData("/a%20b", "/a%2520b")]
    [InlineData("/a/./b/../c/", "/a/c/")]
    [InlineData("", "/")]
    public void CanonicalPath_EscapedPath_IsEncodedAgainLikeTheSdks(string path, string canonical)
        => SigV4Verifier.CanonicalPath(path).ShouldBe(canonical);

    [Theory]
    [InlineData("?b=2&a=1", "a=1&b=2")]
    [InlineData("?a=%7E&a=%20", "a=%20&a=~")]
    [InlineData("?flag", "flag=")]
    [InlineData("?a+b=c", "a%2Bb=c")]
    public void CanonicalQuery_RawQuery_IsDecodedReencodedAndSorted(string query, string canonical)
        => SigV4Verifier.CanonicalQuery(query).ShouldBe(canonical);

    [Theory]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/service/aws4_request, SignedHeaders=host, Signature=abc")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/service, SignedHeaders=host, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")]
    [InlineData("AWS4-HMAC-SHA256 SignedHeaders=host, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")]
    [InlineData("AWS4-HMAC-SHA1 Credential=AKID/20150830/us-east-1/service/aws4_request, SignedHeaders=host, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")]
    [InlineData("Bearer abc")]
    [InlineData("")]
    public void ParseAuthorization_Malformed_ReturnsNull(string header)
        => SigV4Verifier.ParseAuthorization(header).ShouldBeNull();

    internal static string Read(string name, string extension)
        => File.ReadAllText(Path.Combine(Root, name + extension), Encoding.UTF8);

    /// <summary>Parses a .sreq: request line, headers (obs-fold continuation lines joined), blank line, body; and its .authz.</summary>
    internal static (SigV4Request Request, SigV4Authorization Authorization) Load(string name)
    {
        var text = Read(name, ".sreq");
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = split < 0 ? text : text[..split];
        var body = split < 0 ? string.Empty : text[(split + 2)..];
        var lines = head.Split('\n');

        var requestLine = lines[0];
        var method = requestLine[..requestLine.IndexOf(' ', StringComparison.Ordinal)];
        var target = requestLine[(method.Length + 1)..requestLine.LastIndexOf(" HTTP/", StringComparison.Ordinal)];
        var question = target.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? target : target[..question];
        var query = question < 0 ? string.Empty : target[question..];

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            if (char.IsWhiteSpace(line[0]))
            {
                var last = headers[^1];
                headers[^1] = new(last.Key, last.Value + "\n" + line);
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var key = line[..colon].ToLowerInvariant();
            headers.Add(new(key, line[(colon + 1)..]));
        }

        // The .authz file is the reference; the Authorization header stays among the (unsigned) headers.
        var authorization = SigV4Verifier.ParseAuthorization(Read(name, ".authz").Trim())
            ?? throw new InvalidOperationException($"{name}: unreadable .authz");
        return (new SigV4Request(method, path, query, headers, Encoding.UTF8.GetBytes(body)), authorization);
    }

    private sealed class AuthorizationComparer : IEqualityComparer<SigV4Authorization>
    {
        public bool Equals(SigV4Authorization? x, SigV4Authorization? y)
            => x is not null && y is not null && x with { SignedHeaders = [] } == y with { SignedHeaders = [] } && x.SignedHeaders.SequenceEqual(y.SignedHeaders);

        public int GetHashCode(SigV4Authorization obj) => obj.AccessKeyId.GetHashCode(StringComparison.Ordinal);
    }
}

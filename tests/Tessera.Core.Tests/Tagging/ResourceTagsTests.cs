// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Errors;
using Tessera.Core.Tagging;

namespace Tessera.Core.Tests.Tagging;

public sealed class ResourceTagsTests
{
    private static readonly TesseraOptions Options = new() { AccountId = "123456789012" };

    [Fact]
    public void Add_NewAndExistingKeys_MergesWithNewValuesWinning()
        => ResourceTags.Add(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, new Dictionary<string, string> { ["b"] = "3", ["c"] = "4" })
            .ShouldBe(new Dictionary<string, string> { ["a"] = "1", ["b"] = "3", ["c"] = "4" });

    [Fact]
    public void Add_BeyondFiftyTags_ThrowsInvalidParameter()
    {
        var current = Enumerable.Range(0, 50).ToDictionary(i => $"k{i}", _ => "v");

        Should.Throw<CognitoException>(() => ResourceTags.Add(current, new Dictionary<string, string> { ["one-more"] = "v" })).Code.ShouldBe("InvalidParameterException");
        ResourceTags.Add(current, new Dictionary<string, string> { ["k0"] = "changed" }).Count.ShouldBe(50);
    }

    [Theory]
    [InlineData("aws:owner")]
    [InlineData("AWS:owner")]
    public void Check_ReservedPrefix_ThrowsInvalidParameter(string key)
        => Should.Throw<CognitoException>(() => ResourceTags.Check(new Dictionary<string, string> { [key] = "x" })).Code.ShouldBe("InvalidParameterException");

    [Fact]
    public void Remove_KnownAndUnknownKeys_RemovesTheKnownOnes()
        => ResourceTags.Remove(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, ["a", "zzz"]).ShouldBe(new Dictionary<string, string> { ["b"] = "2" });

    [Fact]
    public void ResourceArns_RoundTrip()
    {
        ResourceArns.UserPoolId(Options, ResourceArns.UserPool(Options, "eu-west-1_abc")).ShouldBe("eu-west-1_abc");
        ResourceArns.IdentityPoolId(Options, ResourceArns.IdentityPool(Options, "eu-west-1:0b5f-1")).ShouldBe("eu-west-1:0b5f-1");
        ResourceArns.UserPool(Options, "eu-west-1_abc").ShouldBe("arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc");
    }

    [Theory]
    [InlineData("arn:aws:s3:us-east-1:123456789012:bucket/x", "InvalidParameterException")]
    [InlineData("arn:aws:cognito-idp:us-east-1:123456789012:userpool/", "InvalidParameterException")]
    [InlineData("arn:aws:cognito-identity:us-east-1:123456789012:identitypool/us-east-1:x", "InvalidParameterException")]
    [InlineData("arn:aws:cognito-idp:us-east-1:999999999999:userpool/us-east-1_abc", "ResourceNotFoundException")]
    [InlineData("arn:aws:cognito-idp:eu-west-1:123456789012:userpool/us-east-1_abc", "ResourceNotFoundException")]
    public void UserPoolId_ArnOfAnotherKindOrAccount_Throws(string arn, string code)
        => Should.Throw<CognitoException>(() => ResourceArns.UserPoolId(Options, arn)).Code.ShouldBe(code);
}

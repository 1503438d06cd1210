// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Errors;
using Tessera.Core.Paging;

namespace Tessera.Core.Tests.Paging;

public sealed class PageTokenTests
{
    [Fact]
    public void Decode_EncodedKey_ReturnsKey()
    {
        var token = PageToken.Encode("users", "alice@example.com")!;

        token.ShouldNotContain("alice");
        PageToken.Decode("users", token).ShouldBe("alice@example.com");
    }

    [Fact]
    public void Encode_NoLastKey_ReturnsNull() => PageToken.Encode("users", null).ShouldBeNull();

    [Fact]
    public void Decode_NoToken_ReturnsNull() => PageToken.Decode("users", null).ShouldBeNull();

    [Theory]
    [InlineData("not base64!")]
    [InlineData("dXNlcnM6")]
    [InlineData("Z3JvdXBzOmE")]
    public void Decode_ForgedEmptyOrOtherListToken_ThrowsInvalidParameter(string token)
    {
        var error = Should.Throw<CognitoException>(() => PageToken.Decode("users", token));

        error.Code.ShouldBe("InvalidParameterException");
        error.Message.ShouldBe("Invalid pagination token.");
    }

    [Fact]
    public void Slice_MoreThanLimit_ReturnsPageAndTokenOfItsLastKey()
    {
        var (page, next) = PageToken.Slice(["a", "b", "c"], 2, "groups", g => g);

        page.ShouldBe(["a", "b"]);
        PageToken.Decode("groups", next).ShouldBe("b");
    }

    [Fact]
    public void Slice_AtMostLimit_ReturnsAllAndNoToken()
    {
        var (page, next) = PageToken.Slice(["a", "b"], 2, "groups", g => g);

        page.ShouldBe(["a", "b"]);
        next.ShouldBeNull();
    }
}

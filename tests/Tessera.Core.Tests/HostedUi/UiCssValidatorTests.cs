// SPDX-License-Identifier: Apache-2.0
using System.Diagnostics;
using Tessera.Core.Errors;
using Tessera.Core.HostedUi;

namespace Tessera.Core.Tests.HostedUi;

/// <summary>
/// SetUICustomization's CSS check. The page renders the text exactly as stored, comments included, so what
/// a comment holds is checked like the rest of the text.
/// </summary>
public sealed class UiCssValidatorTests
{
    [Theory]
    [InlineData(".label-customizable { font-weight: 700; }")]
    [InlineData(".label-customizable { /* bold */ font-weight: 700; } /* the buttons */ .submitButton-customizable:hover { color: #fff; }")]
    [InlineData(".inputField-customizable:focus { border-color: teal; outline: none; }")]
    [InlineData("")]
    [InlineData(null)]
    public void Validate_AllowedCss_Passes(string? css)
    {
        UiCssValidator.Validate(css);
        UiCssValidator.IsSafe(css).ShouldBeTrue();
    }

    [Theory]
    // The review's bypass: markup hidden in a comment ends the page's <style> element all the same.
    [InlineData("/* </style><meta http-equiv=\"refresh\" content=\"0;url=https://evil.example.com\"> */ .label-customizable { font-weight: 700; }")]
    [InlineData(".label-customizable { font-weight: 700; } /* <script>alert(1)</script> */")]
    [InlineData(".label-customizable { font-weight: 700 } <")]
    [InlineData(".legalText-customizable { color: red; } /* @import url(https://evil.example.com/x.css); */")]
    [InlineData(".legalText-customizable { color: red; /* javascript:alert(1) */ }")]
    [InlineData(".legalText-customizable { color: \\72 ed; }")]
    public void Validate_HtmlScriptOrAtRuleAnywhere_ThrowsInvalidParameter(string css)
    {
        var error = Should.Throw<CognitoException>(() => UiCssValidator.Validate(css));

        error.Code.ShouldBe("InvalidParameterException");
        UiCssValidator.IsSafe(css).ShouldBeFalse();
    }

    [Theory]
    [InlineData(".label-customizable { font-weight: 700; } /* never closed")]
    [InlineData(".label-customizable { font-weight: 700; } */")]
    [InlineData("body { color: red; }")]
    [InlineData(".label-customizable { position: fixed; }")]
    public void Validate_MalformedOrDisallowed_ThrowsInvalidParameter(string css)
        => Should.Throw<CognitoException>(() => UiCssValidator.Validate(css)).Code.ShouldBe("InvalidParameterException");

    [Fact]
    public void Validate_LargestInputOfUnclosedComments_AnswersInLinearTime()
    {
        // 131,072 characters, SetUICustomization's maximum: a backtracking comment pattern needed seconds here.
        var css = string.Concat(Enumerable.Repeat("/*", 65_536));
        var clock = Stopwatch.StartNew();

        UiCssValidator.IsSafe(css).ShouldBeFalse();

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1));
    }
}

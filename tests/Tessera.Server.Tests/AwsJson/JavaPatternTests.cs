// SPDX-License-Identifier: Apache-2.0
using Tessera.Server.AwsJson;

namespace Tessera.Server.Tests.AwsJson;

public sealed class JavaPatternTests
{
    [Theory]
    [InlineData("alice", true)]
    [InlineData("Ωμέγα🧪", true)]
    [InlineData("𝒜𝓁𝒾𝒸ℯ", true)]
    [InlineData("emoji 🧪", false)]
    public void UsernamePattern_MatchesCodePointsLikeJava(string username, bool matches)
        => JavaPattern.Compile(@"[\p{L}\p{M}\p{S}\p{N}\p{P}]+").IsMatch(JavaPattern.ForMatching(username)).ShouldBe(matches);

    [Theory]
    [InlineData("123", true)]
    [InlineData("١٢٣", false)]
    [InlineData("𝟏𝟐", false)]
    public void Digit_IsAsciiOnlyLikeJava(string text, bool matches)
        => JavaPattern.Compile(@"\d+").IsMatch(JavaPattern.ForMatching(text)).ShouldBe(matches);

    [Theory]
    [InlineData("pool_1", true)]
    [InlineData("プール", false)]
    [InlineData("pool🧪", false)]
    public void Word_IsAsciiOnlyLikeJava(string text, bool matches)
        => JavaPattern.Compile(@"[\w\s+=,.@-]+").IsMatch(JavaPattern.ForMatching(text)).ShouldBe(matches);
}

// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Snapshots;

namespace Tessera.Core.Tests.Snapshots;

public sealed class SnapshotNameTests
{
    [Theory]
    [InlineData("seeded")]
    [InlineData("Seeded-2")]
    [InlineData("v1.2_before-migration")]
    [InlineData("0")]
    public void Parse_LettersDigitsDotsUnderscoresDashes_IsAccepted(string value)
        => SnapshotName.Parse(value).Value.ShouldBe(value);

    [Fact]
    public void Parse_SixtyFourCharacters_IsAccepted()
        => SnapshotName.Parse(new string('a', 64)).Value.Length.ShouldBe(64);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("../tessera")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData(".hidden")]
    [InlineData("-rf")]
    [InlineData("_x")]
    [InlineData("with space")]
    [InlineData("café")]
    [InlineData("a:b")]
    [InlineData("semi;colon")]
    public void Parse_AnythingElse_ThrowsInvalidName(string? value)
        => Should.Throw<SnapshotException>(() => SnapshotName.Parse(value)).Error.ShouldBe(SnapshotError.InvalidName);

    [Fact]
    public void Parse_SixtyFiveCharacters_ThrowsInvalidName()
        => Should.Throw<SnapshotException>(() => SnapshotName.Parse(new string('a', 65))).Error.ShouldBe(SnapshotError.InvalidName);
}

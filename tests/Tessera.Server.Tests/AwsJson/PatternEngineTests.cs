// SPDX-License-Identifier: Apache-2.0
using System.Text;
using System.Text.RegularExpressions;
using Tessera.Server.AwsJson;

namespace Tessera.Server.Tests.AwsJson;

/// <summary>
/// The models' patterns that <see cref="JavaPattern.Compile"/> gives the backtracking interpreter instead of the
/// NonBacktracking engine (cheaper to construct at start): only one character class repeated, which is linear in both
/// engines, and over every input class the two engines accept and reject the same values.
/// </summary>
public sealed class PatternEngineTests
{
    /// <summary>The models' patterns that keep the NonBacktracking engine (or, with a lookaround, the timeout).</summary>
    private static readonly string[] KeepNonBacktracking =
    [
        @"arn:[\w+=/,.@-]+:[\w+=/,.@-]+:([\w+=/,.@-]*)?:[0-9]+:[\w+=/,.@-]+(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?",
        @"[\w-]+_[0-9a-f-]+",
        @"^[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?$",
        @"[\p{L}\p{M}\p{S}\p{N}\p{P}]+@[\p{L}\p{M}\p{S}\p{N}\p{P}]+",
        @"[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*\{####\}[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*",
        @"[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*\{##[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*##\}[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*",
        @"^cognito:(default|dutch|english|french|spanish|german|bahasa-indonesia|italian|japanese|korean|portuguese-brazil|chinese-(simplified|traditional))$",
        @"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[4][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$",
        @"(arn:[\w+=/,.@-]+:[\w+=/,.@-]+:([\w+=/,.@-]*)?:[0-9]+:[\w+=/,.@-]+(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?)?",
        @"[^_\p{Z}][\p{L}\p{M}\p{S}\p{N}\p{P}][^_\p{Z}]+",
        @"arn:[\w+=/,.@-]+:[\w+=/,.@-]+:::[\w+=/,.@-]+(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?",
        @"^[0-9A-Za-z\.\-_]*(?<!\.)$",
        @"(?s).*",
        @".*\{####\}.*",
        @"^(terms-of-use|privacy-policy)$",
        @"import-[0-9a-zA-Z-]+",
        @"[\w-]+_[0-9a-zA-Z]+",
        @"[\w-]+:[0-9a-f-]+",
        @"(un)?authenticated",
    ];

    private static List<string> ModelPatterns { get; } = new[] { "cognito-idp", "cognito-identity", "sts" }
        .SelectMany(service => ServiceModel.Load(service).Shapes.Values)
        .Select(shape => shape.PatternText)
        .OfType<string>()
        .Distinct(StringComparer.Ordinal)
        .ToList();

    public static TheoryData<string> OneClassRepeatedPatterns()
        => new(ModelPatterns.Where(p => JavaPattern.IsOneClassRepeated(JavaPattern.ToDotNet(p))));

    [Fact]
    public void ModelPatterns_OnlyOneClassRepeatedLeavesNonBacktracking()
    {
        var kept = ModelPatterns.Where(p => !JavaPattern.IsOneClassRepeated(JavaPattern.ToDotNet(p))).Order(StringComparer.Ordinal);

        kept.ShouldBe(KeepNonBacktracking.Order(StringComparer.Ordinal));
        ModelPatterns.Count.ShouldBe(57);
    }

    [Theory]
    [InlineData(@"[\w+]+", true)]
    [InlineData(@"\d+", true)]
    [InlineData(@"[\S]*", true)]
    [InlineData(@"^[\w\- ]+$", true)]
    [InlineData(@"[\]\[]+", true)]
    [InlineData(@"[a-z]+?", false)]
    [InlineData(@"[a-z]{1,5}", false)]
    [InlineData(@"[a-z-[aeiou]]+", false)]
    [InlineData(@"[a-z]+[0-9]+", false)]
    [InlineData(@"([a-z]+)+", false)]
    [InlineData(@"[a-z]+|[0-9]+", false)]
    [InlineData(@"a+", false)]
    public void IsOneClassRepeated_OnlyOneClassUnderOneGreedyLoop(string javaPattern, bool expected)
        => JavaPattern.IsOneClassRepeated(JavaPattern.ToDotNet(javaPattern)).ShouldBe(expected);

    [Theory]
    [MemberData(nameof(OneClassRepeatedPatterns))]
    public void OneClassRepeated_RunsOnTheInterpreterWithoutTimeout(string javaPattern)
    {
        var regex = JavaPattern.Compile(javaPattern);

        regex.Options.HasFlag(RegexOptions.NonBacktracking).ShouldBeFalse();
        regex.MatchTimeout.ShouldBe(Regex.InfiniteMatchTimeout);
    }

    [Theory]
    [MemberData(nameof(OneClassRepeatedPatterns))]
    public void OneClassRepeated_AcceptsAndRejectsAsNonBacktracking(string javaPattern)
    {
        // The language of one class repeated is fixed by which characters the class holds, whether the empty value
        // matches, and what the end anchor does (it also matches before a final \n): every UTF-16 unit alone, after a
        // class character and before a \n, covers them all.
        var expression = JavaPattern.ToDotNet(javaPattern);
        var chosen = JavaPattern.Compile(javaPattern);
        var nonBacktracking = new Regex(expression, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        var differences = new List<string>();
        void Compare(string value)
        {
            if (chosen.IsMatch(value) != nonBacktracking.IsMatch(value))
            {
                differences.Add(Escape(value));
            }
        }

        Compare(string.Empty);
        Compare("\n");
        Compare("\n\n");
        var member = (string?)null;
        for (var unit = 0; unit <= char.MaxValue; unit++)
        {
            var c = ((char)unit).ToString();
            Compare(c);
            Compare(c + "\n");
            if (member is null && nonBacktracking.IsMatch(c))
            {
                member = c;
            }
        }

        // Two units: that the loop repeats is the same for every character, so ASCII and a spread of the rest will do.
        member.ShouldNotBeNull();
        for (var unit = 0; unit <= char.MaxValue; unit += unit < 0x80 ? 1 : 97)
        {
            Compare(member + (char)unit);
            Compare((char)unit + member);
        }

        Compare(string.Concat(Enumerable.Repeat(member, 10_000)));
        Compare(string.Concat(Enumerable.Repeat(member, 10_000)) + "\n");
        Compare(string.Concat(Enumerable.Repeat(member, 10_000)) + "\n" + member);
        differences.Take(10).ShouldBeEmpty();
    }

    private static string Escape(string value)
    {
        var builder = new StringBuilder();
        foreach (var c in value.Length > 40 ? value[..40] : value)
        {
            builder.Append(c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:X4}");
        }

        return builder.ToString();
    }
}

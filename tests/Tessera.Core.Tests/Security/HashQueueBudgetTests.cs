// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Security;

namespace Tessera.Core.Tests.Security;

public sealed class HashQueueBudgetTests
{
    [Fact]
    public void Given_Fixed_IsTheSameWhateverAHashTakes()
    {
        var budget = HashQueueBudget.Fixed(TimeSpan.FromMilliseconds(100));

        budget.Given(TimeSpan.FromMilliseconds(24)).ShouldBe(TimeSpan.FromMilliseconds(100));
        budget.Given(TimeSpan.FromMilliseconds(300)).ShouldBe(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Given_HashTimes_IsThatMultipleOfTheHashTime()
    {
        var budget = HashQueueBudget.HashTimes(1.5);

        budget.Given(TimeSpan.FromMilliseconds(24)).ShouldBe(TimeSpan.FromMilliseconds(36));
        budget.Given(TimeSpan.FromMilliseconds(58.5)).ShouldBe(TimeSpan.FromMilliseconds(87.75));
    }

    [Fact]
    public void Given_HashTimesOfAVeryFastHash_IsAtLeastTheFloor()
        => HashQueueBudget.HashTimes(1).Given(TimeSpan.FromMilliseconds(0.01)).ShouldBe(HashQueueBudget.Floor);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void HashTimes_NotAPositiveNumber_Throws(double multiple)
        => Should.Throw<ArgumentOutOfRangeException>(() => HashQueueBudget.HashTimes(multiple));

    [Fact]
    public void From_QueueBudgetSet_IsFixed_ElseCountedInHashes()
    {
        HashQueueBudget.From(new PasswordHashingOptions { QueueBudget = TimeSpan.FromSeconds(60) }).ShouldBe(HashQueueBudget.Fixed(TimeSpan.FromSeconds(60)));
        HashQueueBudget.From(new PasswordHashingOptions()).ShouldBe(HashQueueBudget.HashTimes(PasswordHashingOptions.DefaultQueueBudgetHashTimes));
        HashQueueBudget.From(new PasswordHashingOptions { QueueBudgetHashTimes = 2.5 }).ToString().ShouldBe("2.5 × the hash time");
    }
}

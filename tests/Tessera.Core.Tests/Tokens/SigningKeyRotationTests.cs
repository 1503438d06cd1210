// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Tokens;

namespace Tessera.Core.Tests.Tokens;

/// <summary>The rotation rule: publish before signing, keep publishing until the tokens signed have expired.</summary>
public sealed class SigningKeyRotationTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lead = TimeSpan.FromMinutes(10);
    private int made;

    private static SigningKey Key(string kid, SigningKeyPurpose purpose, SigningKeyStatus status, DateTimeOffset createdAt, DateTimeOffset? retiredAt = null) => new()
    {
        Kid = kid,
        PoolId = "us-east-1_a",
        Purpose = purpose,
        Status = status,
        PrivateKeyCiphertext = [1],
        CreatedAt = createdAt,
        RetiredAt = retiredAt,
    };

    private SigningKey NewKey(SigningKeyPurpose purpose, SigningKeyStatus status) => Key($"new-{purpose}-{made++}", purpose, status, Now);

    private static List<SigningKey> Fresh(DateTimeOffset createdAt) =>
    [
        Key("id-1", SigningKeyPurpose.Id, SigningKeyStatus.Active, createdAt),
        Key("id-2", SigningKeyPurpose.Id, SigningKeyStatus.Next, createdAt),
        Key("ac-1", SigningKeyPurpose.Access, SigningKeyStatus.Active, createdAt),
        Key("ac-2", SigningKeyPurpose.Access, SigningKeyStatus.Next, createdAt),
    ];

    private static SigningKey After(RotationPlan plan, string kid) => plan.Updated.Single(k => k.Kid == kid);

    [Fact]
    public void Plan_NextKeyPublishedLongEnough_PromotesItRetiresTheActiveAndPublishesANewNext()
    {
        var plan = SigningKeyRotation.Plan(Fresh(Now - Lead), Now, Lead, NewKey);

        After(plan, "id-2").Status.ShouldBe(SigningKeyStatus.Active);
        After(plan, "ac-2").Status.ShouldBe(SigningKeyStatus.Active);
        After(plan, "id-1").Status.ShouldBe(SigningKeyStatus.Retired);
        After(plan, "id-1").RetiredAt.ShouldBe(Now);
        After(plan, "ac-1").Status.ShouldBe(SigningKeyStatus.Retired);
        plan.Rotates.ShouldBeTrue();
        plan.Added.Select(k => (k.Purpose, k.Status)).ShouldBe([(SigningKeyPurpose.Id, SigningKeyStatus.Next), (SigningKeyPurpose.Access, SigningKeyStatus.Next)]);
        plan.Removed.ShouldBeEmpty();
    }

    [Fact]
    public void Plan_NextKeyYoungerThanTheLead_IsRefusedSayingHowLongToWait()
    {
        var keys = Fresh(Now - TimeSpan.FromMinutes(4));

        var refused = Should.Throw<SigningKeyRotationException>(() => SigningKeyRotation.Plan(keys, Now, Lead, NewKey));

        refused.Wait.ShouldBe(TimeSpan.FromMinutes(6));
        refused.Message.ShouldContain("360 s");
        made.ShouldBe(0);
    }

    [Fact]
    public void Plan_TwoRotationsInARow_SecondWaitsForTheKeyTheFirstPublished()
    {
        var keys = Fresh(Now - Lead);
        var first = SigningKeyRotation.Plan(keys, Now, Lead, NewKey);
        var after = keys.Where(k => first.Updated.All(u => u.Kid != k.Kid)).Concat(first.Updated).Concat(first.Added).ToList();

        Should.Throw<SigningKeyRotationException>(() => SigningKeyRotation.Plan(after, Now + TimeSpan.FromMinutes(1), Lead, NewKey));
        var second = SigningKeyRotation.Plan(after, Now + Lead, Lead, NewKey);

        second.Updated.Where(k => k.Status == SigningKeyStatus.Active).Select(k => k.Kid).ShouldBe(first.Added.Select(k => k.Kid), ignoreOrder: true);
    }

    [Fact]
    public void Plan_RetiredKeysWhoseTokensHaveExpired_AreRemovedOthersKept()
    {
        var keys = Fresh(Now - TimeSpan.FromDays(3));
        keys.Add(Key("id-old", SigningKeyPurpose.Id, SigningKeyStatus.Retired, Now - TimeSpan.FromDays(5), Now - SigningKeyRotation.RetiredKeyLifetime));
        keys.Add(Key("id-recent", SigningKeyPurpose.Id, SigningKeyStatus.Retired, Now - TimeSpan.FromDays(5), Now - TimeSpan.FromHours(23)));

        var plan = SigningKeyRotation.Plan(keys, Now, Lead, NewKey);

        plan.Removed.Select(k => k.Kid).ShouldBe(["id-old"]);
    }

    [Fact]
    public void Plan_NewPoolWithoutNextKeys_OnlyPublishesThemAndNothingSignsDifferently()
    {
        List<SigningKey> keys = [Key("id-1", SigningKeyPurpose.Id, SigningKeyStatus.Active, Now), Key("ac-1", SigningKeyPurpose.Access, SigningKeyStatus.Active, Now)];

        var plan = SigningKeyRotation.Plan(keys, Now, Lead, NewKey);

        plan.Rotates.ShouldBeFalse();
        plan.Added.Select(k => (k.Purpose, k.Status)).ShouldBe([(SigningKeyPurpose.Id, SigningKeyStatus.Next), (SigningKeyPurpose.Access, SigningKeyStatus.Next)]);
        plan.Updated.ShouldBeEmpty();
        plan.Removed.ShouldBeEmpty();
    }

    [Fact]
    public void Plan_OnePurposeWithoutANextKey_PublishesOnlyTheMissingOneAndPromotesNothing()
    {
        var keys = Fresh(Now - TimeSpan.FromDays(1)).Where(k => k.Kid != "ac-2").ToList();

        var plan = SigningKeyRotation.Plan(keys, Now, Lead, NewKey);

        plan.Rotates.ShouldBeFalse();
        plan.Added.Select(k => (k.Purpose, k.Status)).ShouldBe([(SigningKeyPurpose.Access, SigningKeyStatus.Next)]);
        plan.Updated.ShouldBeEmpty();
    }

    [Fact]
    public void Plan_NextKeysPublishedByARotation_SignOnlyOnceTheyHaveBeenPublishedForTheLead()
    {
        List<SigningKey> keys = [Key("id-1", SigningKeyPurpose.Id, SigningKeyStatus.Active, Now), Key("ac-1", SigningKeyPurpose.Access, SigningKeyStatus.Active, Now)];
        var published = SigningKeyRotation.Plan(keys, Now, Lead, NewKey).Added;
        keys.AddRange(published);

        Should.Throw<SigningKeyRotationException>(() => SigningKeyRotation.Plan(keys, Now + Lead - TimeSpan.FromSeconds(1), Lead, NewKey)).Wait.ShouldBe(TimeSpan.FromSeconds(1));
        var plan = SigningKeyRotation.Plan(keys, Now + Lead, Lead, NewKey);

        plan.Rotates.ShouldBeTrue();
        plan.Updated.Where(k => k.Status == SigningKeyStatus.Active).Select(k => k.Kid).ShouldBe(published.Select(k => k.Kid), ignoreOrder: true);
        plan.Added.Count(k => k.Status == SigningKeyStatus.Next).ShouldBe(2);
    }

    [Fact]
    public void Plan_TwoNextKeysFromRacingRotations_PromotesTheOldestAndAddsNoThird()
    {
        var keys = Fresh(Now - TimeSpan.FromHours(1));
        keys.Add(Key("id-3", SigningKeyPurpose.Id, SigningKeyStatus.Next, Now - TimeSpan.FromMinutes(30)));

        var plan = SigningKeyRotation.Plan(keys, Now, Lead, NewKey);

        After(plan, "id-2").Status.ShouldBe(SigningKeyStatus.Active);
        plan.Added.ShouldNotContain(k => k.Purpose == SigningKeyPurpose.Id);
    }

    [Fact]
    public void IsPublished_RetiredKey_UntilItsLastTokenHasExpired()
    {
        var retired = Key("id-1", SigningKeyPurpose.Id, SigningKeyStatus.Retired, Now - TimeSpan.FromDays(2), Now);

        SigningKeyRotation.IsPublished(retired, Now + SigningKeyRotation.RetiredKeyLifetime - TimeSpan.FromSeconds(1)).ShouldBeTrue();
        SigningKeyRotation.IsPublished(retired, Now + SigningKeyRotation.RetiredKeyLifetime).ShouldBeFalse();
        SigningKeyRotation.IsPublished(Key("id-2", SigningKeyPurpose.Id, SigningKeyStatus.Next, Now), Now + TimeSpan.FromDays(400)).ShouldBeTrue();
        SigningKeyRotation.RetiredKeyLifetime.ShouldBeGreaterThan(TimeSpan.FromDays(1));
    }

    [Fact]
    public void CacheLifetime_IsUnderTheLead_SoEveryNodePublishesANextKeyBeforeItSigns()
    {
        SigningKeyRotation.CacheLifetime(TimeSpan.FromSeconds(2)).ShouldBe(TimeSpan.FromSeconds(1));
        SigningKeyRotation.CacheLifetime(TimeSpan.FromMinutes(10)).ShouldBe(TimeSpan.FromMinutes(5));
        SigningKeyRotation.CacheLifetime(TimeSpan.FromDays(1)).ShouldBe(TimeSpan.FromMinutes(5));
    }
}

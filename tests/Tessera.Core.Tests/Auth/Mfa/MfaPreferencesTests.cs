// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.Time.Testing;
using Tessera.Core.Auth.Mfa;
using Tessera.Core.Errors;
using Tessera.Core.Users;

namespace Tessera.Core.Tests.Auth.Mfa;

/// <summary>SetUserSettings and AdminSetUserSettings: the legacy MFAOptions configure SMS MFA only.</summary>
public sealed class MfaPreferencesTests
{
    private readonly MemoryStores stores = new();
    private readonly MfaPreferences preferences;
    private readonly User user = new() { Id = Guid.NewGuid(), PoolId = "us-east-1_Test", Username = "alice", NormalizedUsername = "alice" };

    public MfaPreferencesTests()
    {
        preferences = new MfaPreferences(new UserDirectory(stores, stores, new FakeTimeProvider()));
        user.SetAttribute("phone_number", "+15555550100");
        stores.AddAsync(user, CancellationToken.None).GetAwaiter().GetResult();
    }

    [Fact]
    public async Task SetSmsOptionsAsync_SmsOption_TurnsSmsMfaOn_EmptyList_TurnsItOff()
    {
        var on = await preferences.SetSmsOptionsAsync(user, [MFAOptionType.Sms], CancellationToken.None);
        on.SmsMfaEnabled.ShouldBeTrue();
        MfaPreferences.Options(on).ShouldBe([MFAOptionType.Sms]);

        var off = await preferences.SetSmsOptionsAsync(on, [], CancellationToken.None);

        off.SmsMfaEnabled.ShouldBeFalse();
        MfaPreferences.Options(off).ShouldBeNull();
    }

    [Theory]
    [InlineData("EMAIL", "email")]
    [InlineData("SMS", "email")]
    [InlineData("EMAIL", "phone_number")]
    public async Task SetSmsOptionsAsync_AnythingButSmsToPhoneNumber_ThrowsInvalidParameter(string medium, string attribute)
        => (await Should.ThrowAsync<CognitoException>(() => preferences.SetSmsOptionsAsync(user, [new MFAOptionType(medium, attribute)], CancellationToken.None)))
            .Code.ShouldBe("InvalidParameterException");
}

// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Clients;
using Tessera.Core.Users;

namespace Tessera.Core.Tests.Users;

public sealed class UserAttributeReadsTests
{
    [Fact]
    public void Of_ClientWithoutReadAttributes_SeesEverythingButDeveloperOnly()
    {
        var reads = new UserAttributeReads(new AppClient { ClientId = "c", PoolId = "p", ClientName = "web" });

        reads.Of(UserWith(("email", "a@example.com"), ("custom:team", "red"), ("dev:custom:pin", "1234"))).Select(a => a.Key)
            .ShouldBe(["email", "custom:team"]);
    }

    [Fact]
    public void Of_ClientWithReadAttributes_SeesOnlyThose_NeverDeveloperOnly()
    {
        var reads = new UserAttributeReads(new AppClient { ClientId = "c", PoolId = "p", ClientName = "web", Settings = new() { ReadAttributes = ["email", "dev:custom:pin"] } });

        reads.Of(UserWith(("email", "a@example.com"), ("custom:team", "red"), ("dev:custom:pin", "1234"))).Select(a => a.Key).ShouldBe(["email"]);
    }

    private static User UserWith(params (string Name, string Value)[] attributes)
    {
        var user = new User { PoolId = "p", Username = "alice", NormalizedUsername = "alice" };
        foreach (var (name, value) in attributes)
        {
            user.SetAttribute(name, value);
        }

        return user;
    }
}

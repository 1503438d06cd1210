// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Tessera.Server.IntegrationTests.Infrastructure;

namespace Tessera.Server.IntegrationTests.CognitoIdp;

public sealed class GroupTests(TesseraHostFixture fixture) : IClassFixture<TesseraHostFixture>
{
    private const string UnknownPool = "us-east-1_nothere";
    private const string RoleArn = "arn:aws:iam::123456789012:role/editors";
    private readonly TesseraHost host = fixture.Host;

    [Fact]
    public async Task CreateGroup_ReturnsGroupThatGetGroupFinds()
    {
        var pool = await host.CreatePoolAsync();

        var created = (await host.CallAsync("CreateGroup", new { UserPoolId = pool, GroupName = "editors", Description = "Edit things", RoleArn, Precedence = 3 }))["Group"]!;

        created["GroupName"]!.GetValue<string>().ShouldBe("editors");
        created["UserPoolId"]!.GetValue<string>().ShouldBe(pool);
        created["Description"]!.GetValue<string>().ShouldBe("Edit things");
        created["RoleArn"]!.GetValue<string>().ShouldBe(RoleArn);
        created["Precedence"]!.GetValue<int>().ShouldBe(3);
        created["CreationDate"]!.GetValue<double>().ShouldBeGreaterThan(0);
        var got = (await host.CallAsync("GetGroup", new { UserPoolId = pool, GroupName = "editors" }))["Group"]!;
        got.ToJsonString().ShouldBe(created.ToJsonString());
    }

    [Fact]
    public async Task CreateGroup_DuplicateOrUnknownPool_Throws()
    {
        var pool = await host.CreatePoolAsync();
        await host.CallAsync("CreateGroup", new { UserPoolId = pool, GroupName = "editors" });

        var duplicate = await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("CreateGroup", new { UserPoolId = pool, GroupName = "editors" }));
        duplicate.Type.ShouldBe("GroupExistsException");
        duplicate.AwsMessage.ShouldBe("A group with the name editors already exists.");
        (await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("CreateGroup", new { UserPoolId = UnknownPool, GroupName = "editors" }))).Type.ShouldBe("ResourceNotFoundException");
        (await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("CreateGroup", new { UserPoolId = pool, GroupName = "bad", Precedence = -1 }))).Type.ShouldBe("InvalidParameterException");
    }

    [Fact]
    public async Task GetGroup_Unknown_ThrowsResourceNotFound()
    {
        var pool = await host.CreatePoolAsync();
        var error = await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("GetGroup", new { UserPoolId = pool, GroupName = "nobody" }));
        error.Type.ShouldBe("ResourceNotFoundException");
        error.AwsMessage.ShouldBe("Group not found.");
    }

    [Fact]
    public async Task UpdateGroup_ChangesGivenPropertiesOnly()
    {
        var pool = await host.CreatePoolAsync();
        await host.CallAsync("CreateGroup", new { UserPoolId = pool, GroupName = "editors", Description = "Edit things", RoleArn, Precedence = 3 });

        var updated = (await host.CallAsync("UpdateGroup", new { UserPoolId = pool, GroupName = "editors", Precedence = 1 }))["Group"]!;

        updated["Precedence"]!.GetValue<int>().ShouldBe(1);
        updated["Description"]!.GetValue<string>().ShouldBe("Edit things");
        updated["RoleArn"]!.GetValue<string>().ShouldBe(RoleArn);
        (await host.CallAsync("GetGroup", new { UserPoolId = pool, GroupName = "editors" }))["Group"]!["Precedence"]!.GetValue<int>().ShouldBe(1);
        (await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("UpdateGroup", new { UserPoolId = pool, GroupName = "nobody", Description = "x" }))).Type.ShouldBe("ResourceNotFoundException");
    }

    [Fact]
    public async Task ListGroups_PagesInNameOrder()
    {
        var pool = await host.CreatePoolAsync();
        foreach (var name in new[] { "c", "a", "b" })
        {
            await host.CallAsync("CreateGroup", new { UserPoolId = pool, GroupName = name });
        }

        var first = await host.CallAsync("ListGroups", new { UserPoolId = pool, Limit = 2 });
        GroupNames(first).ShouldBe(["a", "b"]);
        var second = await host.CallAsync("ListGroups", new { UserPoolId = pool, Limit = 2, NextToken = first["NextToken"]!.GetValue<string>() });
        GroupNames(second).ShouldBe(["c"]);
        second["NextToken"].ShouldBeNull();
        GroupNames(await host.CallAsync("ListGroups", new { UserPoolId = pool })).ShouldBe(["a", "b", "c"]);

        (await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("ListGroups", new { UserPoolId = pool, NextToken = "%%%" }))).Type.ShouldBe("InvalidParameterException");
        (await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("ListGroups", new { UserPoolId = UnknownPool }))).Type.ShouldBe("ResourceNotFoundException");
    }

    [Fact]
    public async Task DeleteGroup_RemovesGroupAndMemberships()
    {
        var pool = await host.CreatePoolAsync();
        await CreateUserAsync(pool, "alice");
        await host.CallAsync("CreateGroup", new { UserPoolId = pool, GroupName = "editors" });
        await host.CallAsync("AdminAddUserToGroup", new { UserPoolId = pool, Username = "alice", GroupName = "editors" });

        await host.CallAsync("DeleteGroup", new { UserPoolId = pool, GroupName = "editors" });

        (await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("GetGroup", new { UserPoolId = pool, GroupName = "editors" }))).Type.ShouldBe("ResourceNotFoundException");
        GroupNames(await host.CallAsync("AdminListGroupsForUser", new { UserPoolId = pool, Username = "alice" })).ShouldBeEmpty();
        (await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("DeleteGroup", new { UserPoolId = pool, GroupName = "editors" }))).Type.ShouldBe("ResourceNotFoundException");
    }

    [Fact]
    public async Task AdminAddUserToGroup_MembershipListedBothWaysAndIdempotent()
    {
        var pool = await host.CreatePoolAsync();
        await CreateUserAsync(pool, "alice");
        await CreateUserAsync(pool, "bob");
        await host.CallAsync("CreateGroup", new { UserPoolId = pool, GroupName = "editors", Precedence = 2 });
        await host.CallAsync("CreateGroup", new { UserPoolId = pool, GroupName = "admins", Precedence = 1 });
        await host.CallAsync("CreateGroup", new { UserPoolId = pool, GroupName = "readers" });

        foreach (var group in new[] { "readers", "editors", "admins" })
        {
            await host.CallAsync("AdminAddUserToGroup", new { UserPoolId = pool, Username = "alice", GroupName = group });
        }

        await host.CallAsync("AdminAddUserToGroup", new { UserPoolId = pool, Username = "alice", GroupName = "editors" });
        await host.CallAsync("AdminAddUserToGroup", new { UserPoolId = pool, Username = "bob", GroupName = "editors" });

        GroupNames(await host.CallAsync("AdminListGroupsForUser", new { UserPoolId = pool, Username = "alice" })).ShouldBe(["admins", "editors", "readers"]);
        var page1 = await host.CallAsync("AdminListGroupsForUser", new { UserPoolId = pool, Username = "alice", Limit = 2 });
        GroupNames(page1).ShouldBe(["admins", "editors"]);
        var page2 = await host.CallAsync("AdminListGroupsForUser", new { UserPoolId = pool, Username = "alice", Limit = 2, NextToken = page1["NextToken"]!.GetValue<string>() });
        GroupNames(page2).ShouldBe(["readers"]);
        page2["NextToken"].ShouldBeNull();

        var members = await host.CallAsync("ListUsersInGroup", new { UserPoolId = pool, GroupName = "editors" });
        UserNames(members).ShouldBe(["alice", "bob"]);
        members["Users"]![0]!["UserStatus"]!.GetValue<string>().ShouldBe("FORCE_CHANGE_PASSWORD");
        var membersPage1 = await host.CallAsync("ListUsersInGroup", new { UserPoolId = pool, GroupName = "editors", Limit = 1 });
        UserNames(membersPage1).ShouldBe(["alice"]);
        var membersPage2 = await host.CallAsync("ListUsersInGroup", new { UserPoolId = pool, GroupName = "editors", Limit = 1, NextToken = membersPage1["NextToken"]!.GetValue<string>() });
        UserNames(membersPage2).ShouldBe(["bob"]);
        membersPage2["NextToken"].ShouldBeNull();
        UserNames(await host.CallAsync("ListUsersInGroup", new { UserPoolId = pool, GroupName = "admins" })).ShouldBe(["alice"]);
    }

    [Fact]
    public async Task AdminRemoveUserFromGroup_RemovesMembershipAndToleratesNonMember()
    {
        var pool = await host.CreatePoolAsync();
        await CreateUserAsync(pool, "alice");
        await host.CallAsync("CreateGroup", new { UserPoolId = pool, GroupName = "editors" });
        await host.CallAsync("AdminAddUserToGroup", new { UserPoolId = pool, Username = "alice", GroupName = "editors" });

        await host.CallAsync("AdminRemoveUserFromGroup", new { UserPoolId = pool, Username = "alice", GroupName = "editors" });
        await host.CallAsync("AdminRemoveUserFromGroup", new { UserPoolId = pool, Username = "alice", GroupName = "editors" });

        UserNames(await host.CallAsync("ListUsersInGroup", new { UserPoolId = pool, GroupName = "editors" })).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("AdminAddUserToGroup")]
    [InlineData("AdminRemoveUserFromGroup")]
    public async Task Membership_UnknownUserGroupOrPool_Throws(string operation)
    {
        var pool = await host.CreatePoolAsync();
        await CreateUserAsync(pool, "alice");
        await host.CallAsync("CreateGroup", new { UserPoolId = pool, GroupName = "editors" });

        var noUser = await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync(operation, new { UserPoolId = pool, Username = "ghost", GroupName = "editors" }));
        noUser.Type.ShouldBe("UserNotFoundException");
        var noGroup = await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync(operation, new { UserPoolId = pool, Username = "alice", GroupName = "nobody" }));
        noGroup.Type.ShouldBe("ResourceNotFoundException");
        noGroup.AwsMessage.ShouldBe("Group not found.");
        (await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync(operation, new { UserPoolId = UnknownPool, Username = "alice", GroupName = "editors" }))).Type.ShouldBe("ResourceNotFoundException");
    }

    [Fact]
    public async Task ListingMemberships_UnknownUserOrGroup_Throws()
    {
        var pool = await host.CreatePoolAsync();
        (await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("AdminListGroupsForUser", new { UserPoolId = pool, Username = "ghost" }))).Type.ShouldBe("UserNotFoundException");
        (await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("ListUsersInGroup", new { UserPoolId = pool, GroupName = "nobody" }))).Type.ShouldBe("ResourceNotFoundException");
    }

    [Fact]
    public async Task Tokens_CarryCognitoGroupsInPrecedenceOrder_AndDropRemovedGroups()
    {
        var pool = await host.CreatePoolAsync();
        var (client, _) = await host.CreateClientAsync(pool);
        await host.CreateConfirmedUserAsync(pool, client, "alice", "Perm-Pass-1");
        await host.CallAsync("CreateGroup", new { UserPoolId = pool, GroupName = "readers", Precedence = 5 });
        await host.CallAsync("CreateGroup", new { UserPoolId = pool, GroupName = "admins", Precedence = 0 });
        await host.CallAsync("AdminAddUserToGroup", new { UserPoolId = pool, Username = "alice", GroupName = "readers" });
        await host.CallAsync("AdminAddUserToGroup", new { UserPoolId = pool, Username = "alice", GroupName = "admins" });

        var tokens = (await SignInAsync(client, "alice"))["AuthenticationResult"]!;
        Groups(tokens["AccessToken"]!).ShouldBe(["admins", "readers"]);
        Groups(tokens["IdToken"]!).ShouldBe(["admins", "readers"]);

        await host.CallAsync("AdminRemoveUserFromGroup", new { UserPoolId = pool, Username = "alice", GroupName = "admins" });
        Groups((await SignInAsync(client, "alice"))["AuthenticationResult"]!["AccessToken"]!).ShouldBe(["readers"]);

        await host.CallAsync("DeleteGroup", new { UserPoolId = pool, GroupName = "readers" });
        var access = new JsonWebToken((await SignInAsync(client, "alice"))["AuthenticationResult"]!["AccessToken"]!.GetValue<string>());
        access.TryGetClaim("cognito:groups", out _).ShouldBeFalse();
    }

    private Task<JsonObject> SignInAsync(string client, string username) => host.CallAsync("InitiateAuth", new
    {
        AuthFlow = "USER_PASSWORD_AUTH",
        ClientId = client,
        AuthParameters = new Dictionary<string, string> { ["USERNAME"] = username, ["PASSWORD"] = "Perm-Pass-1" },
    }, sign: false);

    private static List<string> Groups(JsonNode token)
        => new JsonWebToken(token.GetValue<string>()).Claims.Where(c => c.Type == "cognito:groups").Select(c => c.Value).ToList();

    private async Task CreateUserAsync(string pool, string username)
        => await host.CallAsync("AdminCreateUser", new { UserPoolId = pool, Username = username, MessageAction = "SUPPRESS" });

    private static List<string> GroupNames(JsonObject list) => list["Groups"]!.AsArray().Select(g => g!["GroupName"]!.GetValue<string>()).ToList();

    private static List<string> UserNames(JsonObject list) => list["Users"]!.AsArray().Select(u => u!["Username"]!.GetValue<string>()).ToList();
}

// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using System.Text.Json.Nodes;
using static Tessera.Server.AdminConsole.ConsolePage;

namespace Tessera.Server.AdminConsole;

/// <summary>Groups: list, create, a group's members and settings, delete.</summary>
internal static class GroupPages
{
    public static void Map(RouteGroupBuilder console)
    {
        console.MapGet("/pools/{poolId}/groups", ListAsync);
        console.MapPost("/pools/{poolId}/groups", CreateAsync);
        console.MapGet("/pools/{poolId}/group", DetailAsync);
        console.MapPost("/pools/{poolId}/group/update", UpdateAsync);
        console.MapPost("/pools/{poolId}/group/delete", DeleteAsync);
    }

    private static string GroupLink(string poolId, string group, string action = "") => PoolLink(poolId, $"/group{action}?g={Url(group)}");

    private static Task ListAsync(HttpContext context, string poolId) => ConsoleEndpoints.PageAsync(context, async ops =>
    {
        var pool = Member(await ops.IdpAsync(context, "DescribeUserPool", new JsonObject { ["UserPoolId"] = poolId }).ConfigureAwait(false), "UserPool");
        var body = ConsoleEndpoints.Paged(context, new JsonObject { ["UserPoolId"] = poolId, ["Limit"] = 60 });

        var result = await ops.IdpAsync(context, "ListGroups", body).ConfigureAwait(false);
        var html = $"<h1>Groups of {Encode(Str(pool, "Name"))}</h1>" + PoolTabs(poolId, "groups")
            + "<section class=\"card\">"
            + Table("Groups", ["Group", "Description", "Precedence", "IAM role"], Items(result, "Groups").Select(g => (IReadOnlyList<string>)
            [
                $"<a href=\"{GroupLink(poolId, Str(g, "GroupName"))}\">{Encode(Str(g, "GroupName"))}</a>",
                Encode(Str(g, "Description")),
                Encode(Str(g, "Precedence")),
                $"<code>{Encode(Str(g, "RoleArn"))}</code>",
            ]), "No groups yet.")
            + ConsoleEndpoints.NextLink(result, PoolLink(poolId, "/groups"))
            + "</section><section class=\"card\" aria-labelledby=\"create-group\"><h2 id=\"create-group\">Create a group</h2>"
            + Form(context, PoolLink(poolId, "/groups"), GroupFields(string.Empty, string.Empty, string.Empty, string.Empty, true), "Create group")
            + "</section>";
        await WriteAsync(context, 200, "Groups", html).ConfigureAwait(false);
    });

    private static string GroupFields(string name, string description, string precedence, string role, bool withName)
        => "<div class=\"row\">"
            + (withName ? Field("group-name", "name", "Group name", value: name, required: true) : string.Empty)
            + Field("group-description", "description", "Description", value: description)
            + Field("group-precedence", "precedence", "Precedence", "number", precedence, hint: "Lower wins for the role in tokens")
            + Field("group-role", "roleArn", "IAM role ARN", value: role)
            + "</div>";

    private static JsonObject GroupBody(string poolId, string name, IFormCollection form)
    {
        var body = new JsonObject { ["UserPoolId"] = poolId, ["GroupName"] = name };
        if (ConsoleEndpoints.Text(form, "description") is { } description)
        {
            body["Description"] = description;
        }

        if (int.TryParse(form["precedence"], NumberStyles.None, CultureInfo.InvariantCulture, out var precedence))
        {
            body["Precedence"] = precedence;
        }

        if (ConsoleEndpoints.Text(form, "roleArn") is { } role)
        {
            body["RoleArn"] = role;
        }

        return body;
    }

    private static Task CreateAsync(HttpContext context, string poolId) => ConsoleEndpoints.ActAsync(context, PoolLink(poolId, "/groups"), async (form, ops) =>
    {
        var name = form["name"].ToString();
        await ops.IdpAsync(context, "CreateGroup", GroupBody(poolId, name, form)).ConfigureAwait(false);
        return new Outcome($"Created group {name}.", GroupLink(poolId, name));
    });

    private static Task DetailAsync(HttpContext context, string poolId) => ConsoleEndpoints.PageAsync(context, async ops =>
    {
        var name = context.Request.Query["g"].ToString();
        var group = Member(await ops.IdpAsync(context, "GetGroup", new JsonObject { ["UserPoolId"] = poolId, ["GroupName"] = name }).ConfigureAwait(false), "Group");
        var body = ConsoleEndpoints.Paged(context, new JsonObject { ["UserPoolId"] = poolId, ["GroupName"] = name, ["Limit"] = 60 });

        var members = await ops.IdpAsync(context, "ListUsersInGroup", body).ConfigureAwait(false);
        var html = $"<h1>Group {Encode(name)}</h1>" + PoolTabs(poolId, "groups")
            + "<section class=\"card\" aria-labelledby=\"group-members\"><h2 id=\"group-members\">Members</h2>"
            + Table("Members", ["User name", "Status"], Items(members, "Users").Select(u => (IReadOnlyList<string>)
            [
                $"<a href=\"{PoolLink(poolId, "/user?u=" + Url(Str(u, "Username")))}\">{Encode(Str(u, "Username"))}</a>",
                Encode(Str(u, "UserStatus")),
            ]), "No members. Add users from their page.")
            + ConsoleEndpoints.NextLink(members, GroupLink(poolId, name))
            + "</section><section class=\"card\" aria-labelledby=\"group-settings\"><h2 id=\"group-settings\">Settings</h2>"
            + Form(context, GroupLink(poolId, name, "/update"), GroupFields(name, Str(group, "Description"), Str(group, "Precedence"), Str(group, "RoleArn"), false), "Save group")
            + "</section><section class=\"card\" aria-labelledby=\"group-delete\"><h2 id=\"group-delete\">Delete</h2>"
            + Button(context, GroupLink(poolId, name, "/delete"), "Delete group", "danger")
            + "</section>";
        await WriteAsync(context, 200, name, html).ConfigureAwait(false);
    });

    private static Task UpdateAsync(HttpContext context, string poolId)
    {
        var name = context.Request.Query["g"].ToString();
        return ConsoleEndpoints.ActAsync(context, GroupLink(poolId, name), async (form, ops) =>
        {
            await ops.IdpAsync(context, "UpdateGroup", GroupBody(poolId, name, form)).ConfigureAwait(false);
            return "Group saved.";
        });
    }

    private static Task DeleteAsync(HttpContext context, string poolId)
    {
        var name = context.Request.Query["g"].ToString();
        return ConsoleEndpoints.ActAsync(context, GroupLink(poolId, name), async (form, ops) =>
        {
            await ops.IdpAsync(context, "DeleteGroup", new JsonObject { ["UserPoolId"] = poolId, ["GroupName"] = name }).ConfigureAwait(false);
            return new Outcome($"Deleted group {name}.", PoolLink(poolId, "/groups"));
        });
    }
}

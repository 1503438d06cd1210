// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using static Tessera.Server.AdminConsole.ConsolePage;

namespace Tessera.Server.AdminConsole;

/// <summary>Resource servers and their custom scopes: list, create, delete.</summary>
internal static class ResourceServerPages
{
    public static void Map(RouteGroupBuilder console)
    {
        console.MapGet("/pools/{poolId}/resource-servers", ListAsync);
        console.MapPost("/pools/{poolId}/resource-servers", CreateAsync);
        console.MapPost("/pools/{poolId}/resource-servers/delete", DeleteAsync);
    }

    private static Task ListAsync(HttpContext context, string poolId) => ConsoleEndpoints.PageAsync(context, async ops =>
    {
        var pool = Member(await ops.IdpAsync(context, "DescribeUserPool", new JsonObject { ["UserPoolId"] = poolId }).ConfigureAwait(false), "UserPool");
        var body = ConsoleEndpoints.Paged(context, new JsonObject { ["UserPoolId"] = poolId, ["MaxResults"] = 50 });

        var result = await ops.IdpAsync(context, "ListResourceServers", body).ConfigureAwait(false);
        var html = $"<h1>Resource servers of {Encode(Str(pool, "Name"))}</h1>" + PoolTabs(poolId, "resource-servers")
            + "<section class=\"card\">"
            + Table("Resource servers", ["Identifier", "Name", "Scopes", string.Empty], Items(result, "ResourceServers").Select(r => (IReadOnlyList<string>)
            [
                $"<code>{Encode(Str(r, "Identifier"))}</code>",
                Encode(Str(r, "Name")),
                Encode(string.Join(" ", Items(r, "Scopes").Select(s => $"{Str(r, "Identifier")}/{Str(s, "ScopeName")}"))),
                Button(context, PoolLink(poolId, "/resource-servers/delete"), "Delete", "danger", Hidden("identifier", Str(r, "Identifier")), $"Delete {Str(r, "Identifier")}"),
            ]), "No resource servers yet.")
            + ConsoleEndpoints.NextLink(result, PoolLink(poolId, "/resource-servers"))
            + "</section><section class=\"card\" aria-labelledby=\"create-rs\"><h2 id=\"create-rs\">Create a resource server</h2>"
            + Form(context, PoolLink(poolId, "/resource-servers"),
                "<div class=\"row\">"
                + Field("rs-identifier", "identifier", "Identifier", required: true, hint: "e.g. https://api.example.com")
                + Field("rs-name", "name", "Name", required: true)
                + "</div>"
                + TextArea("rs-scopes", "scopes", "Scopes, one a line: name and description", string.Empty, 4, "read Read the orders"),
                "Create resource server")
            + "</section>";
        await WriteAsync(context, 200, "Resource servers", html).ConfigureAwait(false);
    });

    private static Task CreateAsync(HttpContext context, string poolId) => ConsoleEndpoints.ActAsync(context, PoolLink(poolId, "/resource-servers"), async (form, ops) =>
    {
        var scopes = new JsonArray();
        foreach (var line in ConsoleEndpoints.Lines(form["scopes"].ToString()))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var name = space < 0 ? line : line[..space];
            scopes.Add(new JsonObject { ["ScopeName"] = name, ["ScopeDescription"] = space < 0 ? name : line[(space + 1)..].Trim() });
        }

        var body = new JsonObject { ["UserPoolId"] = poolId, ["Identifier"] = form["identifier"].ToString(), ["Name"] = form["name"].ToString(), ["Scopes"] = scopes };
        await ops.IdpAsync(context, "CreateResourceServer", body).ConfigureAwait(false);
        return $"Created resource server {form["identifier"]}.";
    });

    private static Task DeleteAsync(HttpContext context, string poolId) => ConsoleEndpoints.ActAsync(context, PoolLink(poolId, "/resource-servers"), async (form, ops) =>
    {
        await ops.IdpAsync(context, "DeleteResourceServer", new JsonObject { ["UserPoolId"] = poolId, ["Identifier"] = form["identifier"].ToString() }).ConfigureAwait(false);
        return $"Deleted resource server {form["identifier"]}.";
    });
}

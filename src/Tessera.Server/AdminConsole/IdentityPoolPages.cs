// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using static Tessera.Server.AdminConsole.ConsolePage;

namespace Tessera.Server.AdminConsole;

/// <summary>Identity pools: list, create, settings, the authenticated and unauthenticated roles, delete.</summary>
internal static class IdentityPoolPages
{
    private static readonly string[] RoleKinds = ["authenticated", "unauthenticated"];

    public static void Map(RouteGroupBuilder console)
    {
        console.MapGet("/identity-pools", ListAsync);
        console.MapPost("/identity-pools", CreateAsync);
        console.MapGet("/identity-pools/{identityPoolId}", DetailAsync);
        console.MapPost("/identity-pools/{identityPoolId}/settings", UpdateAsync);
        console.MapPost("/identity-pools/{identityPoolId}/roles", RolesAsync);
        console.MapPost("/identity-pools/{identityPoolId}/delete", DeleteAsync);
    }

    private static string Link(string id, string action = "") => $"{Root}/identity-pools/{Url(id)}{action}";

    private static Task<System.Text.Json.JsonElement> CallAsync(ConsoleOperations ops, HttpContext context, string operation, JsonObject body)
        => ops.CallAsync(context, ConsoleOperations.IdentityPools, operation, body);

    private static Task ListAsync(HttpContext context) => ConsoleEndpoints.PageAsync(context, async ops =>
    {
        var body = ConsoleEndpoints.Paged(context, new JsonObject { ["MaxResults"] = 60 });

        var result = await CallAsync(ops, context, "ListIdentityPools", body).ConfigureAwait(false);
        var html = "<h1>Identity pools</h1><section class=\"card\">"
            + Table("Identity pools", ["Name", "Identity pool id"], Items(result, "IdentityPools").Select(p => (IReadOnlyList<string>)
            [
                $"<a href=\"{Link(Str(p, "IdentityPoolId"))}\">{Encode(Str(p, "IdentityPoolName"))}</a>",
                $"<code>{Encode(Str(p, "IdentityPoolId"))}</code>",
            ]), "No identity pools yet.")
            + ConsoleEndpoints.NextLink(result, $"{Root}/identity-pools")
            + "</section><section class=\"card\" aria-labelledby=\"create-identity-pool\"><h2 id=\"create-identity-pool\">Create an identity pool</h2>"
            + Form(context, $"{Root}/identity-pools",
                "<div class=\"row\">"
                + Field("ip-name", "name", "Identity pool name", required: true, hint: "Letters, digits, spaces and underscores")
                + Field("ip-provider", "providerName", "User pool provider (optional)", hint: "cognito-idp.<region>.amazonaws.com/<user pool id>")
                + Field("ip-client", "clientId", "App client id (optional)")
                + "</div>"
                + Check("ip-unauth", "allowUnauthenticated", "Allow guest (unauthenticated) identities", false),
                "Create identity pool")
            + "</section>";
        await WriteAsync(context, 200, "Identity pools", html).ConfigureAwait(false);
    });

    private static Task CreateAsync(HttpContext context) => ConsoleEndpoints.ActAsync(context, $"{Root}/identity-pools", async (form, ops) =>
    {
        var body = new JsonObject
        {
            ["IdentityPoolName"] = form["name"].ToString(),
            ["AllowUnauthenticatedIdentities"] = ConsoleEndpoints.On(form, "allowUnauthenticated"),
        };
        if (ConsoleEndpoints.Text(form, "providerName") is { } provider)
        {
            body["CognitoIdentityProviders"] = new JsonArray(new JsonObject { ["ProviderName"] = provider, ["ClientId"] = ConsoleEndpoints.Text(form, "clientId") });
        }

        var created = await CallAsync(ops, context, "CreateIdentityPool", body).ConfigureAwait(false);
        return new Outcome($"Created identity pool {Str(created, "IdentityPoolName")}.", Link(Str(created, "IdentityPoolId")));
    });

    private static Task DetailAsync(HttpContext context, string identityPoolId) => ConsoleEndpoints.PageAsync(context, async ops =>
    {
        var pool = await CallAsync(ops, context, "DescribeIdentityPool", new JsonObject { ["IdentityPoolId"] = identityPoolId }).ConfigureAwait(false);
        var roles = Member(await CallAsync(ops, context, "GetIdentityPoolRoles", new JsonObject { ["IdentityPoolId"] = identityPoolId }).ConfigureAwait(false), "Roles");
        var update = ops.UpdateRequestFrom(ConsoleOperations.IdentityPools, "UpdateIdentityPool", pool);
        var html = $"<h1>Identity pool {Encode(Str(pool, "IdentityPoolName"))}</h1>"
            + "<section class=\"card\" aria-labelledby=\"ip-roles\"><h2 id=\"ip-roles\">Roles</h2>"
            + Form(context, Link(identityPoolId, "/roles"),
                "<div class=\"row\">"
                + Field("role-authenticated", "authenticated", "Authenticated role ARN", value: Str(roles, "authenticated"))
                + Field("role-unauthenticated", "unauthenticated", "Guest (unauthenticated) role ARN", value: Str(roles, "unauthenticated"))
                + "</div>",
                "Save roles")
            + "</section><section class=\"card\" aria-labelledby=\"ip-settings\"><h2 id=\"ip-settings\">Settings</h2>"
            + Form(context, Link(identityPoolId, "/settings"),
                TextArea("ip-json", "json", "UpdateIdentityPool request (JSON)", Indented(update), 18),
                "Save settings")
            + "</section><section class=\"card\" aria-labelledby=\"ip-delete\"><h2 id=\"ip-delete\">Delete</h2>"
            + Button(context, Link(identityPoolId, "/delete"), "Delete identity pool", "danger")
            + "</section>";
        await WriteAsync(context, 200, Str(pool, "IdentityPoolName"), html).ConfigureAwait(false);
    });

    private static Task UpdateAsync(HttpContext context, string identityPoolId) => ConsoleEndpoints.ActAsync(context, Link(identityPoolId), async (form, ops) =>
    {
        var update = JsonNode.Parse(form["json"].ToString()) as JsonObject ?? throw new System.Text.Json.JsonException("the request must be a JSON object");
        update["IdentityPoolId"] = identityPoolId;
        await CallAsync(ops, context, "UpdateIdentityPool", update).ConfigureAwait(false);
        return "Settings saved.";
    });

    private static Task RolesAsync(HttpContext context, string identityPoolId) => ConsoleEndpoints.ActAsync(context, Link(identityPoolId), async (form, ops) =>
    {
        var roles = new JsonObject();
        foreach (var kind in RoleKinds)
        {
            if (ConsoleEndpoints.Text(form, kind) is { } arn)
            {
                roles[kind] = arn;
            }
        }

        await CallAsync(ops, context, "SetIdentityPoolRoles", new JsonObject { ["IdentityPoolId"] = identityPoolId, ["Roles"] = roles }).ConfigureAwait(false);
        return "Roles saved.";
    });

    private static Task DeleteAsync(HttpContext context, string identityPoolId) => ConsoleEndpoints.ActAsync(context, Link(identityPoolId), async (form, ops) =>
    {
        await CallAsync(ops, context, "DeleteIdentityPool", new JsonObject { ["IdentityPoolId"] = identityPoolId }).ConfigureAwait(false);
        return new Outcome($"Deleted identity pool {identityPoolId}.", $"{Root}/identity-pools");
    });
}

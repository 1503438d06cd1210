// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Tessera.Server.AdminConsole.ConsolePage;

namespace Tessera.Server.AdminConsole;

/// <summary>The user pools: the list (paged on the server), create, settings and delete.</summary>
internal static class PoolPages
{
    private const int PageSize = 60;

    public static void Map(RouteGroupBuilder console)
    {
        console.MapGet("/", ListAsync);
        console.MapPost("/pools", CreateAsync);
        console.MapGet("/pools/{poolId}", OverviewAsync);
        console.MapPost("/pools/{poolId}/settings", UpdateAsync);
        console.MapPost("/pools/{poolId}/settings/json", UpdateJsonAsync);
        console.MapPost("/pools/{poolId}/delete", DeleteAsync);
    }

    private static Task ListAsync(HttpContext context) => ConsoleEndpoints.PageAsync(context, async ops =>
    {
        var body = ConsoleEndpoints.Paged(context, new JsonObject { ["MaxResults"] = PageSize });

        var result = await ops.IdpAsync(context, "ListUserPools", body).ConfigureAwait(false);
        var rows = Items(result, "UserPools").Select(p => (IReadOnlyList<string>)
        [
            $"<a href=\"{PoolLink(Str(p, "Id"))}\">{Encode(Str(p, "Name"))}</a>",
            $"<code>{Encode(Str(p, "Id"))}</code>",
            Time(p, "CreationDate"),
        ]);
        var html = "<h1>User pools</h1><section class=\"card\">"
            + Table("User pools", ["Name", "Pool id", "Created"], rows, "No user pools yet. Create one below.")
            + ConsoleEndpoints.NextLink(result, Root)
            + (context.Request.Query["token"].Count > 0 ? $"<p><a href=\"{Root}\">First page</a></p>" : string.Empty)
            + "</section><section class=\"card\" aria-labelledby=\"create-pool\"><h2 id=\"create-pool\">Create a user pool</h2>"
            + Form(context, $"{Root}/pools",
                "<div class=\"row\">"
                + Field("pool-name", "name", "Pool name", required: true, hint: "Letters, digits, spaces and + = , . @ -")
                + Select("pool-sign-in", "signIn", "Users sign in with", [("username", "A user name"), ("email", "Their email address as user name")], "username")
                + Select("pool-mfa", "mfa", "Multi-factor authentication", [("OFF", "Off"), ("OPTIONAL", "Optional")], "OFF")
                + "</div>"
                + Check("pool-self-sign-up", "selfSignUp", "Users may sign themselves up", true),
                "Create user pool")
            + "</section>";
        await WriteAsync(context, 200, "User pools", html).ConfigureAwait(false);
    });

    private static Task CreateAsync(HttpContext context) => ConsoleEndpoints.ActAsync(context, Root, async (form, ops) =>
    {
        var body = new JsonObject
        {
            ["PoolName"] = form["name"].ToString(),
            ["MfaConfiguration"] = form["mfa"].ToString() is { Length: > 0 } mfa ? mfa : "OFF",
            ["AdminCreateUserConfig"] = new JsonObject { ["AllowAdminCreateUserOnly"] = !ConsoleEndpoints.On(form, "selfSignUp") },
            ["AutoVerifiedAttributes"] = ConsoleEndpoints.Strings(["email"]),
        };
        if (form["signIn"] == "email")
        {
            body["UsernameAttributes"] = ConsoleEndpoints.Strings(["email"]);
        }

        var created = await ops.IdpAsync(context, "CreateUserPool", body).ConfigureAwait(false);
        var id = Str(Member(created, "UserPool"), "Id");
        return new Outcome($"Created user pool {Str(Member(created, "UserPool"), "Name")} ({id}).", PoolLink(id));
    });

    private static Task OverviewAsync(HttpContext context, string poolId) => ConsoleEndpoints.PageAsync(context, async ops =>
    {
        var pool = Member(await ops.IdpAsync(context, "DescribeUserPool", new JsonObject { ["UserPoolId"] = poolId }).ConfigureAwait(false), "UserPool");
        var policy = Member(Member(pool, "Policies"), "PasswordPolicy");
        var selfSignUp = Str(Member(pool, "AdminCreateUserConfig"), "AllowAdminCreateUserOnly") != "true";
        var update = ops.UpdateRequestFrom(ConsoleOperations.UserPools, "UpdateUserPool", pool);
        update["UserPoolId"] = poolId;
        update["PoolName"] = Str(pool, "Name");
        var html = $"<h1>User pool {Encode(Str(pool, "Name"))}</h1>" + PoolTabs(poolId, "overview")
            + "<section class=\"card\" aria-labelledby=\"facts\"><h2 id=\"facts\">Overview</h2>"
            + Facts(
            [
                ("Pool id", $"<code>{Encode(poolId)}</code>"),
                ("ARN", $"<code>{Encode(Str(pool, "Arn"))}</code>"),
                ("Estimated users", Encode(Str(pool, "EstimatedNumberOfUsers"))),
                ("Sign-in identifier", Encode(Items(pool, "UsernameAttributes").Any() ? string.Join(", ", Items(pool, "UsernameAttributes").Select(e => e.GetString())) + " (as user name)" : "user name")),
                ("Domain", Str(pool, "Domain") is { Length: > 0 } d ? $"<code>{Encode(d)}</code>" : "none (<a href=\"" + PoolLink(poolId, "/branding") + "\">add one</a> for the hosted UI)"),
                ("Created", Time(pool, "CreationDate")),
                ("Last modified", Time(pool, "LastModifiedDate")),
            ])
            + "</section><section class=\"card\" aria-labelledby=\"settings\"><h2 id=\"settings\">Settings</h2>"
            + Form(context, PoolLink(poolId, "/settings"),
                "<div class=\"row\">"
                + Field("settings-name", "name", "Pool name", value: Str(pool, "Name"), required: true)
                + Select("settings-mfa", "mfa", "Multi-factor authentication", [("OFF", "Off"), ("OPTIONAL", "Optional"), ("ON", "Required")], Str(pool, "MfaConfiguration"))
                + Select("settings-deletion", "deletionProtection", "Deletion protection", [("INACTIVE", "Inactive"), ("ACTIVE", "Active")], Str(pool, "DeletionProtection"))
                + Field("settings-min-length", "minLength", "Minimum password length", "number", Str(policy, "MinimumLength"), required: true)
                + Select("settings-threat", "threatProtection", "Threat protection (sign-in history)", [("OFF", "Off"), ("AUDIT", "Audit: record sign-ins"), ("ENFORCED", "Enforced")], Str(Member(pool, "UserPoolAddOns"), "AdvancedSecurityMode") is { Length: > 0 } mode ? mode : "OFF")
                + "</div><fieldset><legend>Password must contain</legend><div class=\"row\">"
                + Check("settings-upper", "requireUppercase", "Upper-case letters", Str(policy, "RequireUppercase") == "true")
                + Check("settings-lower", "requireLowercase", "Lower-case letters", Str(policy, "RequireLowercase") == "true")
                + Check("settings-numbers", "requireNumbers", "Numbers", Str(policy, "RequireNumbers") == "true")
                + Check("settings-symbols", "requireSymbols", "Symbols", Str(policy, "RequireSymbols") == "true")
                + "</div></fieldset>"
                + Check("settings-self-sign-up", "selfSignUp", "Users may sign themselves up", selfSignUp),
                "Save settings")
            + "<details><summary>Every setting, as UpdateUserPool's request</summary>"
            + Form(context, PoolLink(poolId, "/settings/json"),
                TextArea("settings-json", "json", "UpdateUserPool request (JSON)", Indented(update), 24,
                    "What UpdateUserPool omits returns to its default, as in the API: this is the pool's current configuration."),
                "Save JSON settings")
            + "</details></section>"
            + "<section class=\"card\" aria-labelledby=\"danger\"><h2 id=\"danger\">Delete</h2><p>Deleting the pool removes its users, clients and groups. Deletion protection must be inactive.</p>"
            + Form(context, PoolLink(poolId, "/delete"),
                Field("delete-confirm", "confirm", "Type the pool id to confirm", required: true)
                + Busy($"Deleting {Str(pool, "Name")} and its {Str(pool, "EstimatedNumberOfUsers")} users: a large pool takes a while. This page changes when it is done; leave it open."),
                "Delete user pool", "danger", "busy")
            + "</section>";
        await WriteAsync(context, 200, Str(pool, "Name"), html, BusyScript).ConfigureAwait(false);
    });

    private static Task UpdateAsync(HttpContext context, string poolId) => ConsoleEndpoints.ActAsync(context, PoolLink(poolId), async (form, ops) =>
    {
        var pool = Member(await ops.IdpAsync(context, "DescribeUserPool", new JsonObject { ["UserPoolId"] = poolId }).ConfigureAwait(false), "UserPool");
        var update = ops.UpdateRequestFrom(ConsoleOperations.UserPools, "UpdateUserPool", pool);
        update["UserPoolId"] = poolId;
        update["PoolName"] = form["name"].ToString();
        update["MfaConfiguration"] = form["mfa"].ToString();
        update["DeletionProtection"] = form["deletionProtection"].ToString();
        var policies = update["Policies"] as JsonObject ?? [];
        update["Policies"] = policies;
        var password = policies["PasswordPolicy"] as JsonObject ?? [];
        policies["PasswordPolicy"] = password;
        password["MinimumLength"] = int.TryParse(form["minLength"], NumberStyles.None, CultureInfo.InvariantCulture, out var length) ? length : 0;
        password["RequireUppercase"] = ConsoleEndpoints.On(form, "requireUppercase");
        password["RequireLowercase"] = ConsoleEndpoints.On(form, "requireLowercase");
        password["RequireNumbers"] = ConsoleEndpoints.On(form, "requireNumbers");
        password["RequireSymbols"] = ConsoleEndpoints.On(form, "requireSymbols");
        var admin = update["AdminCreateUserConfig"] as JsonObject ?? [];
        update["AdminCreateUserConfig"] = admin;
        admin["AllowAdminCreateUserOnly"] = !ConsoleEndpoints.On(form, "selfSignUp");
        if (form["threatProtection"].ToString() is { Length: > 0 } threat)
        {
            var addOns = update["UserPoolAddOns"] as JsonObject ?? [];
            update["UserPoolAddOns"] = addOns;
            addOns["AdvancedSecurityMode"] = threat;
        }

        await ops.IdpAsync(context, "UpdateUserPool", update).ConfigureAwait(false);
        return "Settings saved.";
    });

    private static Task UpdateJsonAsync(HttpContext context, string poolId) => ConsoleEndpoints.ActAsync(context, PoolLink(poolId), async (form, ops) =>
    {
        var update = JsonNode.Parse(form["json"].ToString()) as JsonObject ?? throw new JsonException("the request must be a JSON object");
        update["UserPoolId"] = poolId;
        await ops.IdpAsync(context, "UpdateUserPool", update).ConfigureAwait(false);
        return "Settings saved.";
    });

    private static Task DeleteAsync(HttpContext context, string poolId) => ConsoleEndpoints.ActAsync(context, PoolLink(poolId), async (form, ops) =>
    {
        if (form["confirm"].ToString() != poolId)
        {
            throw Core.Errors.CognitoErrors.InvalidParameter("Type the pool id to confirm the deletion.");
        }

        await ops.IdpAsync(context, "DeleteUserPool", new JsonObject { ["UserPoolId"] = poolId }).ConfigureAwait(false);
        return new Outcome($"Deleted user pool {poolId}.", Root);
    });
}

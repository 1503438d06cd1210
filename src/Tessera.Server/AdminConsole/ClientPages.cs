// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Tessera.Core;
using Tessera.Core.Errors;
using static Tessera.Server.AdminConsole.ConsolePage;

namespace Tessera.Server.AdminConsole;

/// <summary>App clients: list, create (the secret shown once), settings, delete, and the hosted UI's sign-in link.</summary>
internal static class ClientPages
{
    private static readonly string[] Scopes = ["openid", "email", "phone", "profile", "aws.cognito.signin.user.admin"];
    private static readonly string[] AuthFlows = ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_AUTH", "ALLOW_CUSTOM_AUTH"];

    public static void Map(RouteGroupBuilder console)
    {
        console.MapGet("/pools/{poolId}/clients", ListAsync);
        console.MapPost("/pools/{poolId}/clients", CreateAsync);
        console.MapGet("/pools/{poolId}/clients/{clientId}", DetailAsync);
        console.MapPost("/pools/{poolId}/clients/{clientId}/settings", UpdateAsync);
        console.MapPost("/pools/{poolId}/clients/{clientId}/delete", DeleteAsync);
    }

    private static string ClientLink(string poolId, string clientId) => PoolLink(poolId, $"/clients/{Url(clientId)}");

    private static Task ListAsync(HttpContext context, string poolId) => ConsoleEndpoints.PageAsync(context, async ops =>
    {
        var pool = Member(await ops.IdpAsync(context, "DescribeUserPool", new JsonObject { ["UserPoolId"] = poolId }).ConfigureAwait(false), "UserPool");
        var body = ConsoleEndpoints.Paged(context, new JsonObject { ["UserPoolId"] = poolId, ["MaxResults"] = 60 });

        var result = await ops.IdpAsync(context, "ListUserPoolClients", body).ConfigureAwait(false);
        var rows = Items(result, "UserPoolClients").Select(c => (IReadOnlyList<string>)
        [
            $"<a href=\"{ClientLink(poolId, Str(c, "ClientId"))}\">{Encode(Str(c, "ClientName"))}</a>",
            $"<code>{Encode(Str(c, "ClientId"))}</code>",
        ]);
        var html = $"<h1>App clients of {Encode(Str(pool, "Name"))}</h1>" + PoolTabs(poolId, "clients")
            + "<section class=\"card\">" + Table("App clients", ["Name", "Client id"], rows, "No app clients yet.")
            + ConsoleEndpoints.NextLink(result, PoolLink(poolId, "/clients"))
            + "</section><section class=\"card\" aria-labelledby=\"create-client\"><h2 id=\"create-client\">Create an app client</h2>"
            + Form(context, PoolLink(poolId, "/clients"),
                "<div class=\"row\">"
                + Field("client-name", "name", "Client name", required: true)
                + Field("client-callback", "callbackUrls", "Callback URL for the hosted UI", "url", hint: "Where the hosted UI sends the code; leave empty for a client without OAuth.")
                + Field("client-logout", "logoutUrls", "Sign-out URL", "url")
                + "</div>"
                + Check("client-secret", "generateSecret", "Generate a client secret (for a server-side app)", false)
                + "<fieldset><legend>OAuth scopes</legend><div class=\"row\">"
                + string.Concat(Scopes.Select(s => Check("client-scope-" + s.Replace('.', '-'), "scopes", s, s is "openid" or "email" or "profile", s)))
                + "</div></fieldset><fieldset><legend>Authentication flows</legend><div class=\"row\">"
                + string.Concat(AuthFlows.Select(f => Check("client-flow-" + f, "flows", f, f is "ALLOW_USER_SRP_AUTH" or "ALLOW_REFRESH_TOKEN_AUTH", f)))
                + "</div></fieldset>",
                "Create app client")
            + "</section>";
        await WriteAsync(context, 200, "App clients", html).ConfigureAwait(false);
    });

    private static async Task CreateAsync(HttpContext context, string poolId)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var ops = context.RequestServices.GetRequiredService<ConsoleOperations>();
        var body = new JsonObject
        {
            ["UserPoolId"] = poolId,
            ["ClientName"] = form["name"].ToString(),
            ["GenerateSecret"] = ConsoleEndpoints.On(form, "generateSecret"),
            ["ExplicitAuthFlows"] = ConsoleEndpoints.Strings(form["flows"].Select(f => f ?? string.Empty)),
        };
        if (ConsoleEndpoints.Text(form, "callbackUrls") is { } callback)
        {
            body["CallbackURLs"] = ConsoleEndpoints.Strings([callback]);
            body["AllowedOAuthFlowsUserPoolClient"] = true;
            body["AllowedOAuthFlows"] = ConsoleEndpoints.Strings(["code"]);
            body["AllowedOAuthScopes"] = ConsoleEndpoints.Strings(form["scopes"].Select(s => s ?? string.Empty));
            body["SupportedIdentityProviders"] = ConsoleEndpoints.Strings(["COGNITO"]);
            if (ConsoleEndpoints.Text(form, "logoutUrls") is { } logout)
            {
                body["LogoutURLs"] = ConsoleEndpoints.Strings([logout]);
            }
        }

        JsonElement client;
        try
        {
            client = Member(await ops.IdpAsync(context, "CreateUserPoolClient", body).ConfigureAwait(false), "UserPoolClient");
        }
        catch (CognitoException e) when (e.StatusCode < 500)
        {
            Done(context, PoolLink(poolId, "/clients"), $"{e.Code}: {e.Message}", error: true);
            return;
        }

        // The secret is shown on this answer only: the client's page never shows it again, as in the AWS console.
        var secret = Str(client, "ClientSecret");
        var created = $"<p class=\"notice\" role=\"status\">Created app client {Encode(Str(client, "ClientName"))}.</p>"
            + (secret.Length == 0 ? string.Empty
                : $"<div class=\"secret\" role=\"alert\"><strong>Client secret (shown once, copy it now):</strong> <code id=\"client-secret-value\">{Encode(secret)}</code></div>");
        await ClientPageAsync(context, ops, poolId, client, created, 201).ConfigureAwait(false);
    }

    private static Task DetailAsync(HttpContext context, string poolId, string clientId) => ConsoleEndpoints.PageAsync(context, async ops =>
    {
        var client = Member(await ops.IdpAsync(context, "DescribeUserPoolClient", new JsonObject { ["UserPoolId"] = poolId, ["ClientId"] = clientId }).ConfigureAwait(false), "UserPoolClient");
        await ClientPageAsync(context, ops, poolId, client, string.Empty, 200).ConfigureAwait(false);
    });

    private static async Task ClientPageAsync(HttpContext context, ConsoleOperations ops, string poolId, JsonElement client, string banner, int status)
    {
        var clientId = Str(client, "ClientId");
        var pool = Member(await ops.IdpAsync(context, "DescribeUserPool", new JsonObject { ["UserPoolId"] = poolId }).ConfigureAwait(false), "UserPool");
        var update = ops.UpdateRequestFrom(ConsoleOperations.UserPools, "UpdateUserPoolClient", client);
        var hostedUi = HostedUiLink(context, Str(pool, "Domain"), client);
        var html = $"<h1>App client {Encode(Str(client, "ClientName"))}</h1>" + PoolTabs(poolId, "clients") + banner
            + "<section class=\"card\" aria-labelledby=\"client-facts\"><h2 id=\"client-facts\">Overview</h2>"
            + Facts(
            [
                ("Client id", $"<code id=\"client-id-value\">{Encode(clientId)}</code>"),
                ("Client secret", Str(client, "ClientSecret").Length > 0 || Member(client, "ClientSecret").ValueKind == JsonValueKind.String ? "yes (not shown again)" : "none"),
                ("Authentication flows", Encode(string.Join(", ", Items(client, "ExplicitAuthFlows").Select(e => e.GetString())))),
                ("OAuth flows", Encode(string.Join(", ", Items(client, "AllowedOAuthFlows").Select(e => e.GetString())))),
                ("OAuth scopes", Encode(string.Join(" ", Items(client, "AllowedOAuthScopes").Select(e => e.GetString())))),
                ("Callback URLs", Encode(string.Join(" ", Items(client, "CallbackURLs").Select(e => e.GetString())))),
                ("Created", Time(client, "CreationDate")),
            ])
            + "</section><section class=\"card\" aria-labelledby=\"hosted-ui\"><h2 id=\"hosted-ui\">Hosted UI</h2>"
            + (hostedUi is null
                ? $"<p>The hosted UI needs a domain for the pool (<a href=\"{PoolLink(poolId, "/branding")}\">Domain and branding</a>), a callback URL, the code flow and the openid scope on this client.</p>"
                : $"<p>Sign-in page: <a id=\"hosted-ui-link\" href=\"{Encode(hostedUi)}\">{Encode(hostedUi)}</a></p>"
                    + $"<p><a class=\"button\" id=\"try-hosted-ui\" href=\"{Encode(hostedUi)}\" target=\"_blank\" rel=\"noopener noreferrer\">Try the hosted UI</a> <span class=\"hint\">opens in a new tab</span></p>")
            + "</section><section class=\"card\" aria-labelledby=\"client-settings\"><h2 id=\"client-settings\">Settings</h2>"
            + Form(context, ClientLink(poolId, clientId) + "/settings",
                TextArea("client-json", "json", "UpdateUserPoolClient request (JSON)", Indented(update), 24,
                    "What UpdateUserPoolClient omits returns to its default, as in the API: this is the client's current configuration."),
                "Save settings")
            + "</section><section class=\"card\" aria-labelledby=\"client-delete\"><h2 id=\"client-delete\">Delete</h2>"
            + Button(context, ClientLink(poolId, clientId) + "/delete", "Delete app client", "danger")
            + "</section>";
        await WriteAsync(context, status, Str(client, "ClientName"), html).ConfigureAwait(false);
    }

    /// <summary>The hosted UI's sign-in page for the client (the AWS console's "View login page"), when it has one.</summary>
    private static string? HostedUiLink(HttpContext context, string domain, JsonElement client)
    {
        var callback = Items(client, "CallbackURLs").Select(e => e.GetString()).FirstOrDefault();
        if (domain.Length == 0 || callback is null || !Items(client, "AllowedOAuthFlows").Any(e => e.GetString() == "code"))
        {
            return null;
        }

        var publicUrl = context.RequestServices.GetRequiredService<IOptions<TesseraOptions>>().Value.PublicUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');
        var scopes = string.Join(' ', Items(client, "AllowedOAuthScopes").Select(e => e.GetString()));
        return $"{publicUrl}/auth/{Url(domain)}/login?client_id={Url(Str(client, "ClientId"))}&response_type=code&scope={Url(scopes)}&redirect_uri={Url(callback)}";
    }

    private static Task UpdateAsync(HttpContext context, string poolId, string clientId) => ConsoleEndpoints.ActAsync(context, ClientLink(poolId, clientId), async (form, ops) =>
    {
        var update = JsonNode.Parse(form["json"].ToString()) as JsonObject ?? throw new JsonException("the request must be a JSON object");
        update["UserPoolId"] = poolId;
        update["ClientId"] = clientId;
        await ops.IdpAsync(context, "UpdateUserPoolClient", update).ConfigureAwait(false);
        return "Settings saved.";
    });

    private static Task DeleteAsync(HttpContext context, string poolId, string clientId) => ConsoleEndpoints.ActAsync(context, ClientLink(poolId, clientId), async (form, ops) =>
    {
        await ops.IdpAsync(context, "DeleteUserPoolClient", new JsonObject { ["UserPoolId"] = poolId, ["ClientId"] = clientId }).ConfigureAwait(false);
        return new Outcome($"Deleted app client {clientId}.", PoolLink(poolId, "/clients"));
    });
}

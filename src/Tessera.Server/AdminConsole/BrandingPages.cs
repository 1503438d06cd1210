// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Server.HostedUi;
using static Tessera.Server.AdminConsole.ConsolePage;

namespace Tessera.Server.AdminConsole;

/// <summary>
/// The pool's domain (the hosted UI's address) and the hosted UI's customization (CSS and logo, for the pool or one
/// client), with a live preview: the hosted UI's own markup and default CSS in a shadow root, restyled as one types.
/// </summary>
internal static class BrandingPages
{
    private const long MaxLogoBytes = 100 * 1024;

    /// <summary>The sign-in form's markup with AWS's class names, as the hosted UI renders it, for the preview.</summary>
    private const string PreviewMarkup = """
        <main class="background-customizable"><div class="modal-content background-customizable"><div class="banner-customizable"></div>
        <div class="modal-body"><h1 class="textDescription-customizable">Sign in with your username and password</h1>
        <p class="errorMessage-customizable">An error message looks like this.</p>
        <span class="label-customizable">Username</span><span class="form-control inputField-customizable"></span>
        <span class="label-customizable">Password</span><span class="form-control inputField-customizable"></span>
        <a class="redirect-customizable">Forgot your password?</a>
        <span class="btn btn-primary submitButton-customizable">Sign in</span>
        <span class="textDescription-customizable">Need an account? <a class="redirect-customizable">Sign up</a></span>
        <p class="legalText-customizable">Legal text</p></div></div></main>
        """;

    public static void Map(RouteGroupBuilder console)
    {
        console.MapGet("/pools/{poolId}/branding", PageAsync);
        console.MapPost("/pools/{poolId}/domain", CreateDomainAsync);
        console.MapPost("/pools/{poolId}/domain/delete", DeleteDomainAsync);
        console.MapPost("/pools/{poolId}/ui", SetCustomizationAsync);
    }

    private static Task PageAsync(HttpContext context, string poolId) => ConsoleEndpoints.PageAsync(context, async ops =>
    {
        var pool = Member(await ops.IdpAsync(context, "DescribeUserPool", new JsonObject { ["UserPoolId"] = poolId }).ConfigureAwait(false), "UserPool");
        var domain = Str(pool, "Domain");
        var clients = await ops.IdpAsync(context, "ListUserPoolClients", new JsonObject { ["UserPoolId"] = poolId, ["MaxResults"] = 60 }).ConfigureAwait(false);
        var clientId = context.Request.Query["client"].ToString();
        var get = new JsonObject { ["UserPoolId"] = poolId };
        if (clientId.Length > 0)
        {
            get["ClientId"] = clientId;
        }

        var ui = Member(await ops.IdpAsync(context, "GetUICustomization", get).ConfigureAwait(false), "UICustomization");
        var css = Str(ui, "CSS");
        var html = $"<h1>Domain and branding of {Encode(Str(pool, "Name"))}</h1>" + PoolTabs(poolId, "branding")
            + "<section class=\"card\" aria-labelledby=\"domain\"><h2 id=\"domain\">Domain</h2>"
            + (domain.Length > 0
                ? $"<p>The hosted UI of this pool is at the domain <code id=\"pool-domain\">{Encode(domain)}</code>.</p>"
                    + Button(context, PoolLink(poolId, "/domain/delete"), "Delete domain", "danger", Hidden("domain", domain))
                : "<p>No domain yet: the hosted UI and the OAuth endpoints need one.</p>"
                    + Form(context, PoolLink(poolId, "/domain"), "<div class=\"row\">" + Field("domain-name", "domain", "Domain prefix", required: true, hint: "Lower-case letters, digits and hyphens") + "</div>", "Create domain"))
            + "</section><section class=\"card\" aria-labelledby=\"ui\"><h2 id=\"ui\">Hosted UI customization</h2>"
            + "<form method=\"get\" action=\"" + PoolLink(poolId, "/branding") + "\"><div class=\"row\">"
            + Select("ui-client", "client", "Customize for", new[] { (string.Empty, "Every app client (ALL)") }.Concat(Items(clients, "UserPoolClients").Select(c => (Str(c, "ClientId"), Str(c, "ClientName")))), clientId)
            + "<button type=\"submit\" class=\"secondary\">Show</button></div></form>"
            + $"<form method=\"post\" action=\"{PoolLink(poolId, "/ui")}\" enctype=\"multipart/form-data\">"
            + Hidden(HostedUi.HostedUiPage.CsrfField, Csrf(context)) + Hidden("client", clientId)
            + TextArea("ui-css", "css", "CSS (AWS's classic class names: .submitButton-customizable, .banner-customizable, …)", css, 12)
            + "<div class=\"row\"><div class=\"field\"><label for=\"ui-logo\">Logo (PNG or JPEG, up to 100 KB)</label><input id=\"ui-logo\" name=\"logo\" type=\"file\" accept=\"image/png,image/jpeg\"></div></div>"
            + "<p><button type=\"submit\">Save customization</button></p></form>"
            + "<h3 id=\"preview-title\">Preview</h3><div id=\"preview\" role=\"img\" aria-labelledby=\"preview-title\" aria-describedby=\"preview-note\"></div>"
            + "<p class=\"hint\" id=\"preview-note\">The sign-in page with the CSS above, updated as you type. The hosted UI applies only CSS that passes SetUICustomization's checks.</p>"
            + $"<template id=\"preview-markup\">{PreviewMarkup}</template>"
            + "</section>";
        await WriteAsync(context, 200, "Domain and branding", html, PreviewScript()).ConfigureAwait(false);
    });

    /// <summary>
    /// Shows the preview in a shadow root (so the customer's CSS styles only the preview), with style elements
    /// admitted by this page's nonce.
    /// </summary>
    private static string PreviewScript()
        => "(() => {"
            + "const defaults = " + JsonSerializer.Serialize(HostedUiPage.DefaultCss + "main{min-height:0;padding:1rem}", PrettyOptions.Context.String) + ";"
            + "const host = document.getElementById('preview'); const source = document.getElementById('ui-css');"
            + "const nonce = document.currentScript.nonce; const root = host.attachShadow({ mode: 'open' });"
            + "const base = document.createElement('style'); base.nonce = nonce; base.textContent = defaults;"
            + "const custom = document.createElement('style'); custom.nonce = nonce;"
            + "root.append(base, custom, document.getElementById('preview-markup').content.cloneNode(true));"
            + "const update = () => { custom.textContent = source.value; };"
            + "source.addEventListener('input', update); update();"
            + "})();";

    private static Task CreateDomainAsync(HttpContext context, string poolId) => ConsoleEndpoints.ActAsync(context, PoolLink(poolId, "/branding"), async (form, ops) =>
    {
        await ops.IdpAsync(context, "CreateUserPoolDomain", new JsonObject { ["UserPoolId"] = poolId, ["Domain"] = form["domain"].ToString() }).ConfigureAwait(false);
        return $"Created domain {form["domain"]}.";
    });

    private static Task DeleteDomainAsync(HttpContext context, string poolId) => ConsoleEndpoints.ActAsync(context, PoolLink(poolId, "/branding"), async (form, ops) =>
    {
        await ops.IdpAsync(context, "DeleteUserPoolDomain", new JsonObject { ["UserPoolId"] = poolId, ["Domain"] = form["domain"].ToString() }).ConfigureAwait(false);
        return $"Deleted domain {form["domain"]}.";
    });

    private static Task SetCustomizationAsync(HttpContext context, string poolId)
    {
        var back = PoolLink(poolId, "/branding");
        return ConsoleEndpoints.ActAsync(context, back, async (form, ops) =>
        {
            var clientId = form["client"].ToString();
            var body = new JsonObject { ["UserPoolId"] = poolId, ["CSS"] = form["css"].ToString() };
            if (clientId.Length > 0)
            {
                body["ClientId"] = clientId;
            }

            if (form.Files.GetFile("logo") is { Length: > 0 } logo)
            {
                if (logo.Length > MaxLogoBytes)
                {
                    throw Core.Errors.CognitoErrors.InvalidParameter("The logo is larger than 100 KB.");
                }

                using var buffer = new MemoryStream();
                await logo.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
                body["ImageFile"] = Convert.ToBase64String(buffer.ToArray());
            }

            await ops.IdpAsync(context, "SetUICustomization", body).ConfigureAwait(false);
            return new Outcome("Customization saved.", clientId.Length > 0 ? $"{back}?client={Url(clientId)}" : back);
        });
    }
}

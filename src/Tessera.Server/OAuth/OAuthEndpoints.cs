// SPDX-License-Identifier: Apache-2.0
using Tessera.Server.HostedUi;
using Tessera.Server.Hosting;
using Tessera.Server.OAuth.Authorize;
using Tessera.Server.OAuth.Revocation;
using Tessera.Server.OAuth.Token;
using Tessera.Server.OAuth.UserInfo;

namespace Tessera.Server.OAuth;

internal static class OAuthEndpoints
{
    /// <summary>The per-domain OAuth endpoints and hosted pages under <c>/auth/{domain}</c> (host-routed requests are rewritten onto them).</summary>
    public static void MapHostedUi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/auth/{domain}");
        group.MapGet("/oauth2/authorize", AuthorizeEndpoint.HandleAsync);
        // The endpoints a single-page app calls with fetch (AWS answers them with Access-Control-Allow-Origin: *).
        group.MapPost("/oauth2/token", TokenEndpoint.HandleAsync).RequireCors(BrowserAccess.Policy);
        group.MapMethods("/oauth2/userInfo", ["GET", "POST"], UserInfoEndpoint.HandleAsync).RequireCors(BrowserAccess.Policy);
        group.MapPost("/oauth2/revoke", RevocationEndpoint.HandleAsync).RequireCors(BrowserAccess.Policy);
        group.MapMethods("/oauth2/idpresponse", ["GET", "POST"], Federation.FederationEndpoints.IdpResponseAsync);
        group.MapPost("/saml2/idpresponse", Federation.FederationEndpoints.SamlResponseAsync);
        group.MapPost("/saml2/logout", Federation.FederationEndpoints.SamlLogoutAsync);
        group.MapGet("/login", HostedUiPages.LoginGetAsync);
        group.MapPost("/login", HostedUiPages.LoginPostAsync);
        group.MapPost("/newPassword", HostedUiPages.NewPasswordPostAsync);
        group.MapPost("/mfa", MfaPages.CodePostAsync);
        group.MapPost("/selectMfa", MfaPages.SelectPostAsync);
        group.MapPost("/mfaSetup", MfaPages.SetupPostAsync);
        group.MapPost("/passwordless", PasswordlessPages.StartPostAsync);
        group.MapPost("/passwordlessCode", PasswordlessPages.CodePostAsync);
        group.MapPost("/passkey", PasswordlessPages.PasskeyPostAsync);
        group.MapGet("/logout", HostedUiPages.LogoutAsync);
        group.MapGet("/signup", AccountPages.SignUpGetAsync);
        group.MapPost("/signup", AccountPages.SignUpPostAsync);
        group.MapGet("/confirm", AccountPages.ConfirmGetAsync);
        group.MapPost("/confirm", AccountPages.ConfirmPostAsync);
        group.MapPost("/resendcode", AccountPages.ResendCodePostAsync);
        group.MapGet("/forgotPassword", AccountPages.ForgotPasswordGetAsync);
        group.MapPost("/forgotPassword", AccountPages.ForgotPasswordPostAsync);
        group.MapPost("/confirmForgotPassword", AccountPages.ConfirmForgotPasswordPostAsync);
        app.MapGet("/{poolId}/ui/{clientId}/logo", (HttpContext context, string poolId, string clientId) => HostedUiPages.LogoAsync(context, poolId, clientId));
    }
}

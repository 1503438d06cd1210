// SPDX-License-Identifier: Apache-2.0
using Tessera.Server.Federation;
using Tessera.Server.HostedUi;
using Tessera.Server.OAuth.Authorize;
using Tessera.Server.OAuth.Revocation;
using Tessera.Server.OAuth.Token;
using Tessera.Server.OAuth.UserInfo;

namespace Tessera.Server.OAuth;

/// <summary>One route of a user pool domain: its path, methods and handler; <see cref="BrowserAccess"/> for the endpoints a single-page app calls with fetch.</summary>
internal sealed record HostedUiRoute(string Path, string[] Methods, RequestDelegate Handler, bool BrowserAccess = false);

/// <summary>
/// The one table of a user pool domain's routes, the OAuth endpoints and the hosted UI's pages: <see cref="OAuthEndpoints.MapHostedUi"/>
/// maps each at <c>/auth/{domain}{path}</c>, and <see cref="HostedUiRouting"/> serves exactly these paths on a
/// <c>{domain}.auth.…</c> or custom-domain host. A route added here is reachable both ways; nowhere else lists them.
/// </summary>
internal static class HostedUiRoutes
{
    private static readonly string[] Get = [HttpMethods.Get];
    private static readonly string[] Post = [HttpMethods.Post];
    private static readonly string[] GetPost = [HttpMethods.Get, HttpMethods.Post];

    public static IReadOnlyList<HostedUiRoute> All { get; } =
    [
        new("/oauth2/authorize", Get, AuthorizeEndpoint.HandleAsync),
        // The endpoints a single-page app calls with fetch (AWS answers them with Access-Control-Allow-Origin: *).
        new("/oauth2/token", Post, TokenEndpoint.HandleAsync, BrowserAccess: true),
        new("/oauth2/userInfo", GetPost, UserInfoEndpoint.HandleAsync, BrowserAccess: true),
        new("/oauth2/revoke", Post, RevocationEndpoint.HandleAsync, BrowserAccess: true),
        new("/oauth2/idpresponse", GetPost, FederationEndpoints.IdpResponseAsync),
        new("/saml2/idpresponse", Post, FederationEndpoints.SamlResponseAsync),
        new("/saml2/logout", Post, FederationEndpoints.SamlLogoutAsync),
        new("/saml2/logout", Get, FederationEndpoints.SamlLogoutRedirectAsync),
        new("/login", Get, HostedUiPages.LoginGetAsync),
        new("/login", Post, HostedUiPages.LoginPostAsync),
        new("/newPassword", Post, HostedUiPages.NewPasswordPostAsync),
        new("/mfa", Post, MfaPages.CodePostAsync),
        new("/selectMfa", Post, MfaPages.SelectPostAsync),
        new("/mfaSetup", Post, MfaPages.SetupPostAsync),
        new("/passwordless", Post, PasswordlessPages.StartPostAsync),
        new("/passwordlessCode", Post, PasswordlessPages.CodePostAsync),
        new("/passkey", Post, PasswordlessPages.PasskeyPostAsync),
        new("/passkeyEnrollment", Post, PasskeyEnrollmentPages.EnrollPostAsync),
        new("/logout", Get, HostedUiPages.LogoutAsync),
        new("/signup", Get, AccountPages.SignUpGetAsync),
        new("/signup", Post, AccountPages.SignUpPostAsync),
        new("/confirm", Get, AccountPages.ConfirmGetAsync),
        new("/confirm", Post, AccountPages.ConfirmPostAsync),
        new("/resendcode", Post, AccountPages.ResendCodePostAsync),
        new("/forgotPassword", Get, AccountPages.ForgotPasswordGetAsync),
        new("/forgotPassword", Post, AccountPages.ForgotPasswordPostAsync),
        new("/confirmForgotPassword", Post, AccountPages.ConfirmForgotPasswordPostAsync),
    ];

    /// <summary>The paths of <see cref="All"/>, as host routing matches them (case-insensitively, as routing does).</summary>
    public static IReadOnlySet<string> Paths { get; } = All.Select(r => r.Path).ToHashSet(StringComparer.OrdinalIgnoreCase);
}

// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Auth;
using Tessera.Core.Auth.Passwordless;
using Tessera.Core.Errors;

namespace Tessera.Server.HostedUi;

/// <summary>
/// The hosted UI's passwordless sign-ins, as managed login offers them when the pool allows them: <c>/passwordless</c>
/// (a user name and the choice, a passkey or a code mailed to the user), <c>/passwordlessCode</c> (the mailed code) and
/// <c>/passkey</c> (the passkey's assertion, made by the page's one script). Each answers the USER_AUTH challenge through
/// <see cref="UserAuthFlow"/>, exactly as InitiateAuth and RespondToAuthChallenge do; the sealed Session travels in a
/// hidden field, under the same CSRF check as every other form.
/// </summary>
internal static class PasswordlessPages
{
    private const string SessionField = "session";
    private const string UsernameField = "username";

    /// <summary>The WebAuthn pages' script helpers: base64url text to bytes and back (the JSON forms carry base64url).</summary>
    internal const string Base64UrlScript = """
        const bytes = (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(s.length / 4) * 4, '=')), (c) => c.charCodeAt(0));
        const text = (b) => btoa(String.fromCharCode(...new Uint8Array(b))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
        """;

    /// <summary>
    /// The page's script: the CREDENTIAL_REQUEST_OPTIONS in the form (JSON, as the API answers it) become
    /// navigator.credentials.get's options; the AuthenticationResponseJSON goes back in the form. Constant text.
    /// </summary>
    private const string PasskeyScript = Base64UrlScript + """
        const form = document.getElementById('passkeyForm');
        document.getElementById('passkeyButton').addEventListener('click', async (event) => {
          event.preventDefault();
          const options = JSON.parse(form.elements.options.value);
          options.challenge = bytes(options.challenge);
          options.allowCredentials = (options.allowCredentials || []).map((c) => ({ ...c, id: bytes(c.id) }));
          try {
            const c = await navigator.credentials.get({ publicKey: options });
            const response = { clientDataJSON: text(c.response.clientDataJSON), authenticatorData: text(c.response.authenticatorData), signature: text(c.response.signature) };
            if (c.response.userHandle) response.userHandle = text(c.response.userHandle);
            form.elements.credential.value = JSON.stringify({ id: c.id, rawId: text(c.rawId), type: c.type,
              authenticatorAttachment: c.authenticatorAttachment, clientExtensionResults: c.getClientExtensionResults(), response });
            form.submit();
          } catch (e) {
            const message = document.getElementById('passkeyMessage');
            message.textContent = 'The passkey was not used (' + e.name + '). Try again, or go back and sign in another way.';
          }
        });
        """;

    /// <summary>The sign-in page's passwordless part: shown only for the factors the pool allows.</summary>
    public static string LoginOptions(HttpContext context, HostedUiPages.PageContext page, string? username)
    {
        var settings = page.Pool.Settings;
        var passkey = FirstFactors.Allows(settings, FirstFactors.WebAuthn);
        var email = FirstFactors.Allows(settings, FirstFactors.EmailOtp);
        if (!passkey && !email)
        {
            return string.Empty;
        }

        return "<h2 class=\"textDescription-customizable\">Or sign in without a password</h2>"
            + AccountPages.Form(context, page, "cognitoPasswordlessForm", "passwordless")
            + HostedUiPage.Field("passwordlessUsername", UsernameField, "Username", "text", "username webauthn", username)
            + (passkey ? Choice("passkeyChoice", FirstFactors.WebAuthn, "Sign in with a passkey") : string.Empty)
            + (email ? Choice("emailCodeChoice", FirstFactors.EmailOtp, "Email me a sign-in code") : string.Empty)
            + "</form>";
    }

    /// <summary><c>POST /passwordless</c>: USER_AUTH with the chosen factor as PREFERRED_CHALLENGE, then that factor's page.</summary>
    public static async Task StartPostAsync(HttpContext context)
    {
        if (await AccountPages.FormAsync(context).ConfigureAwait(false) is not var (page, form))
        {
            return;
        }

        var username = form[UsernameField].ToString().Trim();
        var factor = form["factor"].ToString();
        if (username.Length == 0 || factor is not (FirstFactors.WebAuthn or FirstFactors.EmailOtp))
        {
            await HostedUiPages.LoginFormAsync(context, page, 400, "Please enter your username.", username).ConfigureAwait(false);
            return;
        }

        SignInStep step;
        try
        {
            step = await context.RequestServices.GetRequiredService<UserAuthFlow>().StartAsync(page.SignIn,
                new Dictionary<string, string> { ["USERNAME"] = username, ["PREFERRED_CHALLENGE"] = factor }, context.RequestAborted).ConfigureAwait(false);
        }
        catch (CognitoException e) when (e.StatusCode < 500)
        {
            await HostedUiPages.LoginFormAsync(context, page, 400, e.Message, username).ConfigureAwait(false);
            return;
        }

        switch (step.ChallengeName)
        {
            case FirstFactors.WebAuthn:
                await PasskeyFormAsync(context, page, 200, null, username, step.Session!, step.ChallengeParameters!["CREDENTIAL_REQUEST_OPTIONS"]).ConfigureAwait(false);
                break;
            case FirstFactors.EmailOtp:
                var notice = step.ChallengeParameters?.GetValueOrDefault("CODE_DELIVERY_DESTINATION") is { } destination
                    ? $"We have sent a code by email to {destination}."
                    : null;
                await CodeFormAsync(context, page, 200, null, notice, username, step.Session!).ConfigureAwait(false);
                break;
            default:
                // The developer guide: a factor the user cannot take is answered with the choices there are.
                await HostedUiPages.LoginFormAsync(context, page, 400, factor == FirstFactors.WebAuthn
                    ? "You have no passkey for this account. Sign in another way, then add one."
                    : "This account cannot receive a sign-in code by email. Sign in another way.", username).ConfigureAwait(false);
                break;
        }
    }

    /// <summary><c>POST /passwordlessCode</c>: the EMAIL_OTP answer; a wrong code may be tried again on the same page.</summary>
    public static async Task CodePostAsync(HttpContext context)
    {
        if (await AccountPages.FormAsync(context).ConfigureAwait(false) is not var (page, form))
        {
            return;
        }

        var username = form[UsernameField].ToString();
        var session = form[SessionField].ToString();
        await AnswerAsync(context, page, FirstFactors.EmailOtp, username, session, "EMAIL_OTP_CODE", form["authCode"].ToString().Trim(),
            e => e.Code == "CodeMismatchException" ? CodeFormAsync(context, page, 400, e.Message, null, username, session) : null).ConfigureAwait(false);
    }

    /// <summary><c>POST /passkey</c>: the WEB_AUTHN answer; any failure starts over at sign-in (the challenge is single use).</summary>
    public static async Task PasskeyPostAsync(HttpContext context)
    {
        if (await AccountPages.FormAsync(context).ConfigureAwait(false) is not var (page, form))
        {
            return;
        }

        await AnswerAsync(context, page, FirstFactors.WebAuthn, form[UsernameField].ToString(), form[SessionField].ToString(),
            "CREDENTIAL", form["credential"].ToString(), _ => null).ConfigureAwait(false);
    }

    private static async Task AnswerAsync(HttpContext context, HostedUiPages.PageContext page, string challenge, string username, string session,
        string key, string value, Func<CognitoException, Task?> retry)
    {
        SignInStep step;
        try
        {
            var answer = new ChallengeResponse(challenge, page.Request.Client.ClientId, session,
                new Dictionary<string, string> { ["USERNAME"] = username, [key] = value }, null, null);
            step = await context.RequestServices.GetRequiredService<UserAuthFlow>().RespondAsync(page.SignIn, answer, context.RequestAborted).ConfigureAwait(false);
        }
        catch (CognitoException e) when (e.StatusCode < 500)
        {
            await (retry(e) ?? HostedUiPages.LoginFormAsync(context, page, 400, e.Message, username)).ConfigureAwait(false);
            return;
        }

        await HostedUiPages.NextStepAsync(context, page, step, offerPasskey: false).ConfigureAwait(false);
    }

    private static string Choice(string id, string factor, string label)
        => $"<button id=\"{id}\" name=\"factor\" value=\"{factor}\" type=\"submit\" class=\"btn btn-primary submitButton-customizable\">{HostedUiPage.Encode(label)}</button>";

    private static Task CodeFormAsync(HttpContext context, HostedUiPages.PageContext page, int status, string? error, string? notice, string username, string session)
    {
        var body = "<h1 class=\"textDescription-customizable\">Check your email</h1>"
            + HostedUiPage.NoticeBlock(notice)
            + "<p class=\"textDescription-customizable\">Enter the code we sent to your email address.</p>"
            + HostedUiPage.ErrorBlock(error)
            + AccountPages.Form(context, page, "cognitoPasswordlessCodeForm", "passwordlessCode")
            + HostedUiPage.Hidden(SessionField, session)
            + HostedUiPage.Hidden(UsernameField, username)
            + MfaPages.CodeField()
            + HostedUiPage.Submit("signInSubmitButton", "Sign in")
            + "</form>";
        return HostedUiPages.WritePageAsync(context, page, status, "Signin", body);
    }

    private static Task PasskeyFormAsync(HttpContext context, HostedUiPages.PageContext page, int status, string? error, string username, string session, string options)
    {
        var body = "<h1 class=\"textDescription-customizable\">Sign in with a passkey</h1>"
            + "<p class=\"textDescription-customizable\">Use the passkey saved on this device or on your security key.</p>"
            + HostedUiPage.ErrorBlock(error)
            + "<p id=\"passkeyMessage\" class=\"textDescription-customizable\" role=\"status\"></p>"
            + AccountPages.Form(context, page, "cognitoPasskeyForm", "passkey").Replace("<form ", "<form id=\"passkeyForm\" ", StringComparison.Ordinal)
            + HostedUiPage.Hidden(SessionField, session)
            + HostedUiPage.Hidden(UsernameField, username)
            + HostedUiPage.Hidden("options", options)
            + HostedUiPage.Hidden("credential", string.Empty)
            + "<button id=\"passkeyButton\" type=\"submit\" class=\"btn btn-primary submitButton-customizable\">Use your passkey</button>"
            + "</form>";
        return HostedUiPages.WritePageAsync(context, page, status, "Signin", body, PasskeyScript);
    }
}

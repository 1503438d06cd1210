// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using Tessera.Core.Auth.Passkeys;
using Tessera.Core.Auth.Passwordless;
using Tessera.Core.Errors;
using Tessera.Core.HostedUi;
using Tessera.Core.Sessions;
using Tessera.Core.Tokens;
using Tessera.Core.Users;
using Tessera.Server.OAuth.Authorize;

namespace Tessera.Server.HostedUi;

/// <summary>
/// The passkey enrolment prompt managed login shows after a password sign-in: when the pool allows WEB_AUTHN and the user
/// has no passkey, the signed-in user is offered to add one before going back to the app, or to skip. The registration is
/// <see cref="PasskeyService"/>'s, exactly as StartWebAuthnRegistration and CompleteWebAuthnRegistration do it (the
/// challenge is sealed to the user, the app client and the relying party, and accepted once); the answer comes back to
/// <c>POST /passkeyEnrollment</c> under the CSRF check of every form, for the user of the hosted-UI session cookie.
/// </summary>
internal static class PasskeyEnrollmentPages
{
    private const string SkipAction = "skip";

    /// <summary>
    /// The page's script: the CredentialCreationOptions in the form (JSON, as StartWebAuthnRegistration answers them)
    /// become navigator.credentials.create's options; the RegistrationResponseJSON goes back in the form. Constant text.
    /// </summary>
    private const string EnrollScript = PasswordlessPages.Base64UrlScript + """
        const form = document.getElementById('passkeyEnrollForm');
        document.getElementById('passkeyEnrollButton').addEventListener('click', async (event) => {
          event.preventDefault();
          const options = JSON.parse(form.elements.options.value);
          options.challenge = bytes(options.challenge);
          options.user = { ...options.user, id: bytes(options.user.id) };
          options.excludeCredentials = (options.excludeCredentials || []).map((c) => ({ ...c, id: bytes(c.id) }));
          try {
            const c = await navigator.credentials.create({ publicKey: options });
            const response = { clientDataJSON: text(c.response.clientDataJSON), attestationObject: text(c.response.attestationObject),
              transports: c.response.getTransports ? c.response.getTransports() : [] };
            form.elements.credential.value = JSON.stringify({ id: c.id, rawId: text(c.rawId), type: c.type,
              authenticatorAttachment: c.authenticatorAttachment, clientExtensionResults: c.getClientExtensionResults(), response });
            form.submit();
          } catch (e) {
            const message = document.getElementById('passkeyMessage');
            message.textContent = 'No passkey was created (' + e.name + '). Try again, or skip for now.';
          }
        });
        """;

    /// <summary>
    /// After a password sign-in: starts the user's hosted-UI session and shows the prompt when the pool allows passkeys and
    /// the user has none. False (nothing written) when there is nothing to offer; the caller then goes on to the app.
    /// </summary>
    public static async Task<bool> TryOfferAsync(HttpContext context, HostedUiPages.PageContext page, User user)
    {
        var passkeys = context.RequestServices.GetRequiredService<PasskeyService>();
        if (!FirstFactors.Allows(page.Pool.Settings, FirstFactors.WebAuthn)
            || await passkeys.CountAsync(page.Pool, user, context.RequestAborted).ConfigureAwait(false) > 0)
        {
            return false;
        }

        JsonElement options;
        try
        {
            options = await passkeys.StartRegistrationAsync(page.Pool, Caller(page, user), context.RequestAborted).ConfigureAwait(false);
        }
        catch (CognitoException e) when (e.StatusCode < 500)
        {
            // No relying party can be named (WebAuthnConfigurationMissingException) or the user is at the limit: no prompt.
            return false;
        }

        await HostedUiPages.StartSessionAsync(context, page, user).ConfigureAwait(false);
        await PromptAsync(context, page, 200, null, options).ConfigureAwait(false);
        return true;
    }

    /// <summary><c>POST /passkeyEnrollment</c>: registers the passkey the page's script made, or skips; then the callback with a code.</summary>
    public static async Task EnrollPostAsync(HttpContext context)
    {
        if (await AccountPages.FormAsync(context).ConfigureAwait(false) is not var (page, form))
        {
            return;
        }

        var services = context.RequestServices;
        var cancellationToken = context.RequestAborted;
        var session = services.GetRequiredService<HostedSessionSealer>().Open(context.Request.Cookies[HostedUiPage.SessionCookie], page.Pool.Id);
        var user = session is null ? null
            : await services.GetRequiredService<SessionService>().ResumeHostedUiAsync(page.Pool.Id, session.SessionId, session.UserId, cancellationToken).ConfigureAwait(false);
        if (session is null || user is null)
        {
            await HostedUiPages.LoginFormAsync(context, page, 400, "Your session has expired. Please sign in again.", null).ConfigureAwait(false);
            return;
        }

        if (form["action"].ToString() != SkipAction)
        {
            var passkeys = services.GetRequiredService<PasskeyService>();
            try
            {
                using var credential = JsonDocument.Parse(form["credential"].ToString());
                await passkeys.CompleteRegistrationAsync(page.Pool, Caller(page, user), credential.RootElement, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is CognitoException { StatusCode: < 500 } or JsonException)
            {
                // A fresh challenge each time: the one just answered is spent (or never matched).
                var message = e is CognitoException c ? c.Message : "Credential must be a RegistrationResponseJSON.";
                try
                {
                    var options = await passkeys.StartRegistrationAsync(page.Pool, Caller(page, user), cancellationToken).ConfigureAwait(false);
                    await PromptAsync(context, page, 400, message, options).ConfigureAwait(false);
                    return;
                }
                catch (CognitoException again) when (again.StatusCode < 500)
                {
                    await HostedUiPages.ErrorAsync(context, 400, "invalid_request", again.Message).ConfigureAwait(false);
                    return;
                }
            }
        }

        await AuthorizeEndpoint.RedirectWithCodeAsync(context, page.Request, user.Id, DateTimeOffset.FromUnixTimeSeconds(session.AuthTime)).ConfigureAwait(false);
    }

    /// <summary>The hosted UI's registration acts for the signed-in user through the app client the page is for, as its access token would.</summary>
    private static AuthenticatedUser Caller(HostedUiPages.PageContext page, User user) => new(user, page.Request.Client.ClientId, [], Guid.Empty);

    private static Task PromptAsync(HttpContext context, HostedUiPages.PageContext page, int status, string? error, JsonElement options)
    {
        var body = "<h1 class=\"textDescription-customizable\">Sign in faster with a passkey</h1>"
            + "<p class=\"textDescription-customizable\">Next time, sign in with your fingerprint, face or screen lock, or a security key, instead of your password.</p>"
            + HostedUiPage.ErrorBlock(error)
            + "<p id=\"passkeyMessage\" class=\"textDescription-customizable\" role=\"status\"></p>"
            + AccountPages.Form(context, page, "cognitoPasskeyEnrollForm", "passkeyEnrollment").Replace("<form ", "<form id=\"passkeyEnrollForm\" ", StringComparison.Ordinal)
            + HostedUiPage.Hidden("options", options.GetRawText())
            + HostedUiPage.Hidden("credential", string.Empty)
            + "<button id=\"passkeyEnrollButton\" type=\"submit\" class=\"btn btn-primary submitButton-customizable\">Add a passkey</button>"
            + $"<button id=\"passkeySkipButton\" name=\"action\" value=\"{SkipAction}\" type=\"submit\" class=\"btn btn-secondary\">Not now</button>"
            + "</form>";
        return HostedUiPages.WritePageAsync(context, page, status, "Add a passkey", body, EnrollScript);
    }
}

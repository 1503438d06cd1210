// SPDX-License-Identifier: Apache-2.0
using QRCoder;
using Tessera.Core.Auth;
using Tessera.Core.Auth.Mfa;
using Tessera.Core.Errors;

namespace Tessera.Server.HostedUi;

/// <summary>
/// The hosted UI's second factor: <c>/mfa</c> (a code from the authenticator app, or one sent by SMS or email),
/// <c>/selectMfa</c> (SELECT_MFA_TYPE) and <c>/mfaSetup</c> (MFA_SETUP: a new authenticator app). Each answers the
/// challenge through <see cref="SignInFlow.MfaAsync"/>, exactly as RespondToAuthChallenge does; the challenge's sealed
/// Session travels in a hidden field.
/// </summary>
internal static class MfaPages
{
    private const string SessionField = "session";
    private const string ChallengeField = "challenge";

    /// <summary>The page for a challenge <see cref="SignInFlow"/> returned after the password or a previous page.</summary>
    public static async Task ChallengeAsync(HttpContext context, HostedUiPages.PageContext page, SignInStep step)
    {
        switch (step.ChallengeName)
        {
            case MfaChallenges.Select:
                await SelectFormAsync(context, page, 200, null, step.Session!, Choices(step)).ConfigureAwait(false);
                break;
            case MfaChallenges.Setup:
                await SetupFormAsync(context, page, 200, null, step.Session!).ConfigureAwait(false);
                break;
            default:
                var parameters = step.ChallengeParameters;
                var notice = parameters?.GetValueOrDefault("CODE_DELIVERY_DESTINATION") is { } destination
                    ? $"We have sent a code by {(step.ChallengeName == MfaChallenges.Email ? "email" : "SMS")} to {destination}."
                    : null;
                await CodeFormAsync(context, page, 200, null, notice, step.ChallengeName!, step.Session!).ConfigureAwait(false);
                break;
        }
    }

    /// <summary><c>POST /mfa</c>: SOFTWARE_TOKEN_MFA, SMS_MFA or EMAIL_OTP.</summary>
    public static async Task CodePostAsync(HttpContext context)
    {
        if (await AccountPages.FormAsync(context).ConfigureAwait(false) is not var (page, form))
        {
            return;
        }

        var challenge = form[ChallengeField].ToString();
        var session = form[SessionField].ToString();
        if (CodeKey(challenge) is not { } key)
        {
            await HostedUiPages.LoginFormAsync(context, page, 400, "The sign-in session is invalid. Sign in again.", null).ConfigureAwait(false);
            return;
        }

        var code = form["authCode"].ToString().Trim();
        await AnswerAsync(context, page, new Dictionary<string, string> { [key] = code }, challenge, session,
            error => CodeFormAsync(context, page, 400, error, null, challenge, session)).ConfigureAwait(false);
    }

    /// <summary><c>POST /selectMfa</c>: SELECT_MFA_TYPE, then the chosen factor's code page.</summary>
    public static async Task SelectPostAsync(HttpContext context)
    {
        if (await AccountPages.FormAsync(context).ConfigureAwait(false) is not var (page, form))
        {
            return;
        }

        var session = form[SessionField].ToString();
        var choices = form["choices"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
        var answer = form["mfaType"].ToString();
        if (answer.Length == 0)
        {
            await SelectFormAsync(context, page, 400, "Choose how to receive your code.", session, choices).ConfigureAwait(false);
            return;
        }

        await AnswerAsync(context, page, new Dictionary<string, string> { ["ANSWER"] = answer }, MfaChallenges.Select, session,
            error => SelectFormAsync(context, page, 400, error, session, choices)).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>POST /mfaSetup</c>: VerifySoftwareToken's check of the first code (which turns the pending secret into the
    /// user's token), then the MFA_SETUP answer with the session marked verified, as the API does it.
    /// </summary>
    public static async Task SetupPostAsync(HttpContext context)
    {
        if (await AccountPages.FormAsync(context).ConfigureAwait(false) is not var (page, form))
        {
            return;
        }

        var session = form[SessionField].ToString();
        var services = context.RequestServices;
        var flow = services.GetRequiredService<SignInFlow>();
        string verified;
        try
        {
            var (state, user) = await flow.OpenChallengeAsync(page.SignIn, Answer(page, MfaChallenges.Setup, session, []), context.RequestAborted).ConfigureAwait(false);
            await services.GetRequiredService<SoftwareTokenService>().ConfirmAsync(user, form["authCode"].ToString().Trim(), context.RequestAborted).ConfigureAwait(false);
            verified = services.GetRequiredService<MfaChallenges>().ResealSetupSession(state, verified: true);
        }
        catch (CognitoException e) when (e.StatusCode < 500)
        {
            await RetryOrRestartAsync(context, page, e, MfaChallenges.Setup, error => SetupFormAsync(context, page, 400, error, session)).ConfigureAwait(false);
            return;
        }

        await AnswerAsync(context, page, [], MfaChallenges.Setup, verified,
            error => SetupFormAsync(context, page, 400, error, session)).ConfigureAwait(false);
    }

    private static async Task AnswerAsync(HttpContext context, HostedUiPages.PageContext page, Dictionary<string, string> responses,
        string challenge, string session, Func<string, Task> retry)
    {
        SignInStep step;
        try
        {
            step = await context.RequestServices.GetRequiredService<SignInFlow>()
                .MfaAsync(page.SignIn, Answer(page, challenge, session, responses), context.RequestAborted).ConfigureAwait(false);
        }
        catch (CognitoException e) when (e.StatusCode < 500)
        {
            await RetryOrRestartAsync(context, page, e, challenge, retry).ConfigureAwait(false);
            return;
        }

        await HostedUiPages.NextStepAsync(context, page, step).ConfigureAwait(false);
    }

    /// <summary>
    /// A wrong code can be tried again on the same page, and so can an authenticator code already used (the next one
    /// will do); an expired or forged session, an expired sent code or a lockout start over at sign-in.
    /// </summary>
    private static Task RetryOrRestartAsync(HttpContext context, HostedUiPages.PageContext page, CognitoException e, string challenge, Func<string, Task> retry)
        => e.Code is "CodeMismatchException" or "EnableSoftwareTokenMFAException" or "InvalidParameterException"
            || (e.Code == "ExpiredCodeException" && challenge == MfaChallenges.SoftwareToken)
            ? retry(e.Message)
            : HostedUiPages.LoginFormAsync(context, page, 400, e.Message, null);

    private static ChallengeResponse Answer(HostedUiPages.PageContext page, string challenge, string session, Dictionary<string, string> responses)
        => new(challenge, page.Request.Client.ClientId, session, responses, null, null);

    private static string? CodeKey(string challenge) => challenge switch
    {
        MfaChallenges.SoftwareToken => "SOFTWARE_TOKEN_MFA_CODE",
        MfaChallenges.Sms => "SMS_MFA_CODE",
        MfaChallenges.Email => "EMAIL_OTP_CODE",
        _ => null,
    };

    private static string[] Choices(SignInStep step)
        => System.Text.Json.JsonSerializer.Deserialize(step.ChallengeParameters?.GetValueOrDefault("MFAS_CAN_CHOOSE") ?? "[]", MfaPagesJsonContext.Default.StringArray) ?? [];

    private static Task CodeFormAsync(HttpContext context, HostedUiPages.PageContext page, int status, string? error, string? notice, string challenge, string session)
    {
        var (heading, hint) = challenge switch
        {
            MfaChallenges.SoftwareToken => ("Multi-factor authentication", "Enter the code from your authenticator app."),
            MfaChallenges.Email => ("Check your email", "Enter the code we sent to your email address."),
            _ => ("Check your phone", "Enter the code we sent to your phone by SMS."),
        };
        var body = $"<h1 class=\"textDescription-customizable\">{HostedUiPage.Encode(heading)}</h1>"
            + HostedUiPage.NoticeBlock(notice)
            + $"<p class=\"textDescription-customizable\">{HostedUiPage.Encode(hint)}</p>"
            + HostedUiPage.ErrorBlock(error)
            + AccountPages.Form(context, page, "cognitoMfaForm", "mfa")
            + HostedUiPage.Hidden(SessionField, session)
            + HostedUiPage.Hidden(ChallengeField, challenge)
            + CodeField()
            + HostedUiPage.Submit("signInSubmitButton", "Sign in")
            + "</form>";
        return HostedUiPages.WritePageAsync(context, page, status, "MFA", body);
    }

    private static Task SelectFormAsync(HttpContext context, HostedUiPages.PageContext page, int status, string? error, string session, string[] choices)
    {
        var options = string.Concat(choices.Select((choice, i) =>
            $"<div><input type=\"radio\" id=\"mfaType{i}\" name=\"mfaType\" value=\"{HostedUiPage.Encode(choice)}\"{(i == 0 ? " checked" : string.Empty)}>"
            + $" <label class=\"label-customizable mfaChoice\" for=\"mfaType{i}\">{HostedUiPage.Encode(FactorLabel(choice))}</label></div>"));
        var body = "<h1 class=\"textDescription-customizable\">Choose a sign-in method</h1>"
            + HostedUiPage.ErrorBlock(error)
            + AccountPages.Form(context, page, "cognitoSelectMfaForm", "selectMfa")
            + HostedUiPage.Hidden(SessionField, session)
            + HostedUiPage.Hidden("choices", string.Join(',', choices))
            + "<fieldset class=\"textDescription-customizable\"><legend>How do you want to receive your code?</legend>" + options + "</fieldset>"
            + HostedUiPage.Submit("selectMfaButton", "Continue")
            + "</form>";
        return HostedUiPages.WritePageAsync(context, page, status, "MFA", body);
    }

    private static async Task SetupFormAsync(HttpContext context, HostedUiPages.PageContext page, int status, string? error, string session)
    {
        var services = context.RequestServices;
        string secret;
        string account;
        try
        {
            var (_, user) = await services.GetRequiredService<SignInFlow>().OpenChallengeAsync(page.SignIn, Answer(page, MfaChallenges.Setup, session, []), context.RequestAborted).ConfigureAwait(false);
            var tokens = services.GetRequiredService<SoftwareTokenService>();
            // A page shown again after a wrong code keeps the secret the app already holds.
            secret = tokens.PendingSecret(user) ?? await tokens.AssociateAsync(user, context.RequestAborted).ConfigureAwait(false);
            account = user.Username;
        }
        catch (CognitoException e) when (e.StatusCode < 500)
        {
            await HostedUiPages.LoginFormAsync(context, page, 400, e.Message, null).ConfigureAwait(false);
            return;
        }

        var uri = SoftwareTokenService.KeyUri(page.Pool.Name, account, secret).OriginalString;
        var body = "<h1 class=\"textDescription-customizable\">Set up an authenticator app</h1>"
            + "<p class=\"textDescription-customizable\">This account requires multi-factor authentication. Add it to your authenticator app with this secret key, or open the link on the device that has the app, then enter the 6-digit code the app shows.</p>"
            + HostedUiPage.ErrorBlock(error)
            + $"<p class=\"textDescription-customizable\"><img id=\"totpQrCode\" alt=\"QR code of the secret key, to scan with the authenticator app\" src=\"{QrCode(uri)}\"></p>"
            + $"<p class=\"textDescription-customizable\">Secret key: <code id=\"totpSecret\">{HostedUiPage.Encode(secret)}</code></p>"
            + $"<p class=\"textDescription-customizable\"><a id=\"totpUri\" class=\"redirect-customizable\" href=\"{HostedUiPage.Encode(uri)}\">{HostedUiPage.Encode(uri)}</a></p>"
            + AccountPages.Form(context, page, "cognitoMfaSetupForm", "mfaSetup")
            + HostedUiPage.Hidden(SessionField, session)
            + CodeField()
            + HostedUiPage.Submit("verifyTotpButton", "Verify")
            + "</form>";
        await HostedUiPages.WritePageAsync(context, page, status, "MFA Setup", body).ConfigureAwait(false);
    }

    /// <summary>The otpauth URI as a QR code, drawn here (QRCoder, no network) into a data: PNG the page's CSP admits.</summary>
    private static string QrCode(string uri)
        => "data:image/png;base64," + Convert.ToBase64String(PngByteQRCodeHelper.GetQRCode(uri, QRCodeGenerator.ECCLevel.M, 4));

    internal static string CodeField()
        => HostedUiPage.Field("authCode", "authCode", "Code", "text", "one-time-code").Replace("<input ", "<input inputmode=\"numeric\" maxlength=\"6\" ", StringComparison.Ordinal);

    private static string FactorLabel(string factor) => factor switch
    {
        MfaChallenges.SoftwareToken => "Authenticator app",
        MfaChallenges.Email => "Email",
        MfaChallenges.Sms => "SMS text message",
        _ => factor,
    };
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string[]))]
internal sealed partial class MfaPagesJsonContext : System.Text.Json.Serialization.JsonSerializerContext;

// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Auth;
using Tessera.Core.Clients;
using Tessera.Core.Errors;
using Tessera.Core.Lifecycle;
using Tessera.Core.Users;

namespace Tessera.Server.HostedUi;

/// <summary>
/// <c>/signup</c>, <c>/confirm</c>, <c>/resendcode</c>, <c>/forgotPassword</c> and <c>/confirmForgotPassword</c>: the
/// hosted UI over <see cref="AccountService"/>, so the pages follow exactly the API's rules and messages.
/// </summary>
internal static class AccountPages
{
    private const string CsrfError = "The form has expired or did not come from this page (CSRF token missing or invalid). Go back and try again.";

    public static async Task SignUpGetAsync(HttpContext context)
    {
        if (await HostedUiPages.ValidatedAsync(context).ConfigureAwait(false) is { } page)
        {
            await SignUpFormAsync(context, page, 200, null, null, null).ConfigureAwait(false);
        }
    }

    public static async Task SignUpPostAsync(HttpContext context)
    {
        if (await FormAsync(context).ConfigureAwait(false) is not var (page, form))
        {
            return;
        }

        var emailIsUsername = EmailIsUsername(page);
        var email = form["requiredAttributes[email]"].ToString();
        var username = emailIsUsername ? email : form["username"].ToString();
        var attributes = RequiredAttributes(page)
            .Select(name => new AttributeType(name, form[$"requiredAttributes[{name}]"].ToString()))
            .Where(a => !string.IsNullOrEmpty(a.Value))
            .ToList();
        try
        {
            var result = await Accounts(context).SignUpAsync(page.Request.Client.ClientId, SecretHashFor(context, page.Request.Client, username),
                username, form["password"].ToString(), attributes, validationData: null, clientMetadata: null, context.RequestAborted).ConfigureAwait(false);
            var sent = result.CodeDeliveryDetails is { } d ? $"We have sent a code by {d.DeliveryMedium.ToLowerInvariant()} to {d.Destination}. Enter it below to confirm your account." : null;
            await ConfirmFormAsync(context, page, 200, null, username, sent).ConfigureAwait(false);
        }
        catch (CognitoException e) when (e.StatusCode < 500)
        {
            await SignUpFormAsync(context, page, 400, e.Message, username, email).ConfigureAwait(false);
        }
    }

    public static async Task ConfirmGetAsync(HttpContext context)
    {
        if (await HostedUiPages.ValidatedAsync(context).ConfigureAwait(false) is { } page)
        {
            await ConfirmFormAsync(context, page, 200, null, context.Request.Query["username"].ToString(), null).ConfigureAwait(false);
        }
    }

    public static async Task ConfirmPostAsync(HttpContext context)
    {
        if (await FormAsync(context).ConfigureAwait(false) is not var (page, form))
        {
            return;
        }

        var username = form["username"].ToString();
        try
        {
            await Accounts(context).ConfirmSignUpAsync(page.Request.Client.ClientId, SecretHashFor(context, page.Request.Client, username),
                username, form["code"].ToString(), forceAliasCreation: false, clientMetadata: null, context.RequestAborted).ConfigureAwait(false);
            await HostedUiPages.LoginFormAsync(context, page, 200, null, username, "Your account is confirmed. Sign in to continue.").ConfigureAwait(false);
        }
        catch (CognitoException e) when (e.StatusCode < 500)
        {
            await ConfirmFormAsync(context, page, 400, e.Message, username, null).ConfigureAwait(false);
        }
    }

    public static async Task ResendCodePostAsync(HttpContext context)
    {
        if (await FormAsync(context).ConfigureAwait(false) is not var (page, form))
        {
            return;
        }

        var username = form["username"].ToString();
        try
        {
            var d = await Accounts(context).ResendConfirmationCodeAsync(page.Request.Client.ClientId, SecretHashFor(context, page.Request.Client, username), username, context.RequestAborted).ConfigureAwait(false);
            await ConfirmFormAsync(context, page, 200, null, username, $"We have sent a new code by {d.DeliveryMedium.ToLowerInvariant()} to {d.Destination}.").ConfigureAwait(false);
        }
        catch (CognitoException e) when (e.StatusCode < 500)
        {
            await ConfirmFormAsync(context, page, 400, e.Message, username, null).ConfigureAwait(false);
        }
    }

    public static async Task ForgotPasswordGetAsync(HttpContext context)
    {
        if (await HostedUiPages.ValidatedAsync(context).ConfigureAwait(false) is { } page)
        {
            await ForgotFormAsync(context, page, 200, null).ConfigureAwait(false);
        }
    }

    public static async Task ForgotPasswordPostAsync(HttpContext context)
    {
        if (await FormAsync(context).ConfigureAwait(false) is not var (page, form))
        {
            return;
        }

        var username = form["username"].ToString();
        try
        {
            var d = await Accounts(context).ForgotPasswordAsync(page.Request.Client.ClientId, SecretHashFor(context, page.Request.Client, username), username, clientMetadata: null, context.RequestAborted).ConfigureAwait(false);
            await ResetFormAsync(context, page, 200, null, username, $"We have sent a password reset code by {d.DeliveryMedium.ToLowerInvariant()} to {d.Destination}. Enter it below to reset your password.").ConfigureAwait(false);
        }
        catch (CognitoException e) when (e.StatusCode < 500)
        {
            await ForgotFormAsync(context, page, 400, e.Message).ConfigureAwait(false);
        }
    }

    public static async Task ConfirmForgotPasswordPostAsync(HttpContext context)
    {
        if (await FormAsync(context).ConfigureAwait(false) is not var (page, form))
        {
            return;
        }

        var username = form["username"].ToString();
        var password = form["password"].ToString();
        if (password != form["confirmPassword"].ToString())
        {
            await ResetFormAsync(context, page, 400, "Passwords do not match.", username, null).ConfigureAwait(false);
            return;
        }

        try
        {
            await Accounts(context).ConfirmForgotPasswordAsync(page.Request.Client.ClientId, SecretHashFor(context, page.Request.Client, username),
                username, form["code"].ToString(), password, clientMetadata: null, context.RequestAborted).ConfigureAwait(false);
            await HostedUiPages.LoginFormAsync(context, page, 200, null, username, "Your password has been reset. Sign in with your new password.").ConfigureAwait(false);
        }
        catch (CognitoException e) when (e.StatusCode < 500)
        {
            await ResetFormAsync(context, page, 400, e.Message, username, null).ConfigureAwait(false);
        }
    }

    private static AccountService Accounts(HttpContext context) => context.RequestServices.GetRequiredService<AccountService>();

    /// <summary>The hosted UI is the client: for a client with a secret it computes the SECRET_HASH the API requires.</summary>
    private static string? SecretHashFor(HttpContext context, AppClient client, string username)
        => client.HasSecret && context.RequestServices.GetRequiredService<AppClientService>().RevealSecret(client) is { } secret
            ? SecretHash.Compute(secret, username, client.ClientId)
            : null;

    private static bool EmailIsUsername(HostedUiPages.PageContext page) => page.Pool.Settings.UsernameAttributes?.Contains("email") == true;

    /// <summary>email always (codes go there), then whatever else the pool requires.</summary>
    private static IEnumerable<string> RequiredAttributes(HostedUiPages.PageContext page)
        => (page.Pool.Settings.RequiredStandardAttributes ?? []).Prepend("email").Distinct(StringComparer.Ordinal);

    internal static async Task<(HostedUiPages.PageContext Page, IFormCollection Form)?> FormAsync(HttpContext context)
    {
        if (await HostedUiPages.ValidatedAsync(context).ConfigureAwait(false) is not { } page)
        {
            return null;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        if (!HostedUiPage.CsrfValid(context, form))
        {
            await HostedUiPages.ErrorAsync(context, 403, "invalid_request", CsrfError).ConfigureAwait(false);
            return null;
        }

        return (page, form);
    }

    internal static string Form(HttpContext context, HostedUiPages.PageContext page, string name, string action)
        => $"<form name=\"{name}\" method=\"post\" action=\"{HostedUiPage.Encode(page.Prefix)}/{action}{HostedUiPage.Encode(context.Request.QueryString.Value)}\" novalidate>"
            + HostedUiPage.Hidden(HostedUiPage.CsrfField, HostedUiPage.CsrfToken(context, HostedUiPages.CookiePath(page.Prefix)));

    private static Task SignUpFormAsync(HttpContext context, HostedUiPages.PageContext page, int status, string? error, string? username, string? email)
    {
        var fields = EmailIsUsername(page) ? string.Empty : HostedUiPage.Field("signUpUsername", "username", "Username", "text", "username", username);
        foreach (var name in RequiredAttributes(page))
        {
            var label = name == "email" ? "Email" : name.Replace('_', ' ');
            fields += HostedUiPage.Field("signUp_" + name, $"requiredAttributes[{name}]", label, name == "email" ? "email" : "text", name == "email" ? "email" : "on", name == "email" ? email : null);
        }

        var body = "<h1 class=\"textDescription-customizable\">Sign up with a new account</h1>"
            + HostedUiPage.ErrorBlock(error)
            + Form(context, page, "cognitoSignUpForm", "signup")
            + fields
            + HostedUiPage.Field("signUpPassword", "password", "Password", "password", "new-password")
            + HostedUiPage.Submit("signUpButton", "Sign up")
            + "</form>"
            + $"<span class=\"textDescription-customizable\">Already have an account? <a class=\"redirect-customizable\" href=\"{HostedUiPage.Encode(page.Prefix)}/login{HostedUiPage.Encode(context.Request.QueryString.Value)}\">Sign in</a></span>";
        return HostedUiPages.WritePageAsync(context, page, status, "Signup", body);
    }

    private static Task ConfirmFormAsync(HttpContext context, HostedUiPages.PageContext page, int status, string? error, string username, string? notice)
    {
        var body = "<h1 class=\"textDescription-customizable\">Confirm your account</h1>"
            + HostedUiPage.NoticeBlock(notice)
            + HostedUiPage.ErrorBlock(error)
            + Form(context, page, "cognitoConfirmForm", "confirm")
            + HostedUiPage.Hidden("username", username)
            + HostedUiPage.Field("verification_code", "code", "Verification Code", "text", "one-time-code")
            + HostedUiPage.Submit("confirm", "Confirm Account")
            + "</form>"
            + Form(context, page, "cognitoResendForm", "resendcode")
            + HostedUiPage.Hidden("username", username)
            + "<input type=\"submit\" name=\"resend\" value=\"Resend code\" class=\"btn redirect-customizable\">"
            + "</form>";
        return HostedUiPages.WritePageAsync(context, page, status, "Confirm", body);
    }

    private static Task ForgotFormAsync(HttpContext context, HostedUiPages.PageContext page, int status, string? error)
    {
        var body = "<h1 class=\"textDescription-customizable\">Forgot your password?</h1>"
            + "<p class=\"textDescription-customizable\">Enter your username below and we will send a message to reset your password.</p>"
            + HostedUiPage.ErrorBlock(error)
            + Form(context, page, "cognitoForgotForm", "forgotPassword")
            + HostedUiPage.Field("forgotUsername", "username", "Username", "text", "username")
            + HostedUiPage.Submit("reset_my_password", "Reset my password")
            + "</form>";
        return HostedUiPages.WritePageAsync(context, page, status, "Forgot Password", body);
    }

    private static Task ResetFormAsync(HttpContext context, HostedUiPages.PageContext page, int status, string? error, string username, string? notice)
    {
        var body = "<h1 class=\"textDescription-customizable\">Reset your password</h1>"
            + HostedUiPage.NoticeBlock(notice)
            + HostedUiPage.ErrorBlock(error)
            + Form(context, page, "cognitoConfirmForgotForm", "confirmForgotPassword")
            + HostedUiPage.Hidden("username", username)
            + HostedUiPage.Field("forgot_password_code", "code", "Code", "text", "one-time-code")
            + HostedUiPage.Field("new_password", "password", "New Password", "password", "new-password")
            + HostedUiPage.Field("confirm_password", "confirmPassword", "Enter New Password Again", "password", "new-password")
            + HostedUiPage.Submit("reset_password", "Change Password")
            + "</form>";
        return HostedUiPages.WritePageAsync(context, page, status, "Reset Password", body);
    }
}

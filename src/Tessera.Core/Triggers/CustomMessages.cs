// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Tessera.Core.Pools;
using Tessera.Core.Users;

namespace Tessera.Core.Triggers;

/// <summary>A code message before the code is filled in: the template with <c>{####}</c> (and <c>{username}</c>).</summary>
public sealed record MessageTemplate(string Body, string? Subject);

/// <summary>
/// The CustomMessage trigger ("Custom message Lambda trigger" in the Cognito developer guide): the function gets the
/// placeholders, not the code, and may replace the email message and subject or the SMS message; a replacement must
/// still carry <c>{####}</c>, or Cognito could not deliver the code.
/// </summary>
public sealed class CustomMessages(LambdaTriggers triggers)
{
    public const string CodeParameter = "{####}";
    public const string UsernameParameter = "{username}";

    /// <summary>The CustomMessage triggerSource for the operation that sends the message, or null when none applies.</summary>
    public static string? SourceFor(string purpose) => purpose switch
    {
        "SignUp" => "CustomMessage_SignUp",
        "ResendConfirmationCode" => "CustomMessage_ResendCode",
        "ForgotPassword" or "AdminResetUserPassword" => "CustomMessage_ForgotPassword",
        "UpdateUserAttributes" => "CustomMessage_UpdateUserAttribute",
        "GetUserAttributeVerificationCode" => "CustomMessage_VerifyUserAttribute",
        "AdminCreateUser" => "CustomMessage_AdminCreateUser",
        "Authentication" => "CustomMessage_Authentication",
        _ => null,
    };

    /// <summary>The template to send: <paramref name="template"/> itself without a trigger, else the function's choice.</summary>
    public async Task<MessageTemplate> ApplyAsync(
        UserPool pool, User user, string purpose, bool sms, MessageTemplate template, string? clientId,
        IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(template);
        if (!LambdaTriggers.Has(pool, TriggerNames.CustomMessage) || SourceFor(purpose) is not { } source)
        {
            return template;
        }

        var request = new JsonObject
        {
            ["userAttributes"] = TriggerJson.UserAttributes(user),
            ["codeParameter"] = CodeParameter,
            ["linkParameter"] = "{##Click Here##}",
            // Only the invitation carries the username; elsewhere Cognito sends null.
            ["usernameParameter"] = source == "CustomMessage_AdminCreateUser" ? UsernameParameter : null,
            ["clientMetadata"] = TriggerJson.Map(clientMetadata),
        };
        var response = await triggers.InvokeAsync(pool, TriggerNames.CustomMessage, new TriggerContext(source, user.Username, clientId), request, cancellationToken).ConfigureAwait(false)
            ?? new JsonObject();
        var body = TriggerJson.Text(response, sms ? "smsMessage" : "emailMessage");
        if (body is not null && !body.Contains(CodeParameter, StringComparison.Ordinal))
        {
            throw TriggerErrors.InvalidResponse(TriggerNames.CustomMessage);
        }

        return new MessageTemplate(body ?? template.Body, sms ? null : TriggerJson.Text(response, "emailSubject") ?? template.Subject);
    }
}

// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using Tessera.Core.Pools;
using Tessera.Core.Triggers;
using Tessera.Core.Users;

namespace Tessera.Core.Lifecycle;

/// <summary>Builds a code message from the pool's templates, sends it, and says where it went.</summary>
public sealed class CodeMessenger(IMessageSender sender, CustomMessages customMessages)
{
    /// <summary>Cognito's default verification message and subject (CreateUserPool API reference).</summary>
    public const string DefaultMessage = "Your verification code is {####}. ";
    public const string DefaultSubject = "Your verification code";

    public async Task<CodeDeliveryDetails> SendCodeAsync(
        UserPool pool, User user, CodeChannel channel, string code, string purpose, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(channel);
        var settings = pool.Settings;
        var template = settings.VerificationMessageTemplate;
        var sms = channel.IsSms;
        var body = sms
            ? template?.SmsMessage ?? settings.SmsVerificationMessage ?? DefaultMessage
            : template?.EmailMessage ?? settings.EmailVerificationMessage ?? DefaultMessage;
        var subject = sms ? null : template?.EmailSubject ?? settings.EmailVerificationSubject ?? DefaultSubject;
        (body, subject) = await customMessages.ApplyAsync(pool, user, purpose, sms, new MessageTemplate(body, subject), null, null, cancellationToken).ConfigureAwait(false);
        var text = body.Replace("{####}", code, StringComparison.Ordinal).Replace("{username}", user.Username, StringComparison.Ordinal);
        await sender.SendAsync(new OutgoingMessage(pool.Id, user.Username, channel.Medium, channel.Destination, subject, text, code, purpose), cancellationToken).ConfigureAwait(false);
        return channel.Details;
    }

    /// <summary>Where sign-up and attribute codes go: the auto-verified phone number first, then the email (as Cognito).</summary>
    public static CodeChannel? SignUpChannel(UserPool pool, User user)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(user);
        var auto = pool.Settings.AutoVerifiedAttributes ?? [];
        if (auto.Contains("phone_number") && user.GetAttribute("phone_number") is { Length: > 0 } phone)
        {
            return new CodeChannel("phone_number", phone);
        }

        return auto.Contains("email") && user.GetAttribute("email") is { Length: > 0 } email ? new CodeChannel("email", email) : null;
    }

    /// <summary>
    /// Where a recovery code goes: the first verified contact in the pool's AccountRecoverySetting, by priority;
    /// without a setting, the verified phone number and then the verified email (Cognito's legacy order).
    /// </summary>
    public static CodeChannel? RecoveryChannel(UserPool pool, User user)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(user);
        foreach (var mechanism in RecoveryMechanisms(pool))
        {
            switch (mechanism)
            {
                case "verified_email" when user.IsVerified("email") && user.GetAttribute("email") is { Length: > 0 } email:
                    return new CodeChannel("email", email);
                case "verified_phone_number" when user.IsVerified("phone_number") && user.GetAttribute("phone_number") is { Length: > 0 } phone:
                    return new CodeChannel("phone_number", phone);
                case "admin_only":
                    return null;
                default:
                    break;
            }
        }

        return null;
    }

    /// <summary>AccountRecoverySetting <c>admin_only</c>: "the administrator does not want the user to recover their account themselves" (developer guide, Recovering user accounts).</summary>
    public static bool AdminOnlyRecovery(UserPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return RecoveryMechanisms(pool).Contains("admin_only");
    }

    private static List<string> RecoveryMechanisms(UserPool pool)
    {
        if (pool.Settings.AccountRecoverySetting is { ValueKind: JsonValueKind.Object } setting
            && setting.TryGetProperty("RecoveryMechanisms", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            return list.EnumerateArray()
                .Select(m => (Priority: m.TryGetProperty("Priority", out var p) && p.TryGetInt32(out var n) ? n : int.MaxValue,
                    Name: m.TryGetProperty("Name", out var name) ? name.GetString() ?? string.Empty : string.Empty))
                .OrderBy(m => m.Priority)
                .Select(m => m.Name)
                .ToList();
        }

        return ["verified_phone_number", "verified_email"];
    }
}

/// <summary>An attribute a code is sent to, and its current value.</summary>
public sealed record CodeChannel(string AttributeName, string Destination)
{
    public bool IsSms => AttributeName == "phone_number";

    public string Medium => IsSms ? "SMS" : "EMAIL";

    public CodeDeliveryDetails Details => new(CodeDeliveryDetails.Mask(Destination), Medium, AttributeName);
}

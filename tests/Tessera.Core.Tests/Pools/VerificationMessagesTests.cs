// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using Tessera.Core.Pools;

namespace Tessera.Core.Tests.Pools;

public sealed class VerificationMessagesTests
{
    [Fact]
    public void Reconcile_TemplateGiven_SetsTheDeprecatedMembers()
    {
        var settings = VerificationMessages.Reconcile(new UserPoolSettings
        {
            VerificationMessageTemplate = new() { EmailMessage = "foo {####} bar", EmailSubject = "foobar {####}", SmsMessage = "{####} baz", DefaultEmailOption = "CONFIRM_WITH_LINK" },
        });

        (settings.EmailVerificationMessage, settings.EmailVerificationSubject, settings.SmsVerificationMessage).ShouldBe(("foo {####} bar", "foobar {####}", "{####} baz"));
        settings.VerificationMessageTemplate!.DefaultEmailOption.ShouldBe("CONFIRM_WITH_LINK");
    }

    [Fact]
    public void Reconcile_DeprecatedMembersGiven_SetTheTemplate()
    {
        var settings = VerificationMessages.Reconcile(new UserPoolSettings { EmailVerificationMessage = "Code {####}", EmailVerificationSubject = "Code", SmsVerificationMessage = "SMS {####}" });

        settings.VerificationMessageTemplate.ShouldBe(new VerificationMessageTemplateType { EmailMessage = "Code {####}", EmailSubject = "Code", SmsMessage = "SMS {####}" });
    }

    [Fact]
    public void Reconcile_BothGiven_TheTemplateWins()
        => VerificationMessages.Reconcile(new UserPoolSettings { EmailVerificationMessage = "old {####}", VerificationMessageTemplate = new() { EmailMessage = "new {####}" } })
            .EmailVerificationMessage.ShouldBe("new {####}");

    [Fact]
    public void Reconcile_UpdateWithoutTemplate_KeepsTheCurrentOne_DeprecatedMembersOverrideIt()
    {
        var current = new VerificationMessageTemplateType { EmailMessage = "kept {####}", SmsMessage = "sms {####}", DefaultEmailOption = "CONFIRM_WITH_CODE" };

        var settings = VerificationMessages.Reconcile(new UserPoolSettings { SmsVerificationMessage = "changed {####}" }, current);

        settings.VerificationMessageTemplate.ShouldBe(current with { SmsMessage = "changed {####}" });
        settings.EmailVerificationMessage.ShouldBe("kept {####}");
    }

    [Fact]
    public void EmailConfigurationDefaults_NeverSet_IsCognitosOwnAccount()
        => EmailConfigurationDefaults.Apply(null).GetRawText().ShouldBe("{\"EmailSendingAccount\":\"COGNITO_DEFAULT\"}");

    [Fact]
    public void EmailConfigurationDefaults_SetWithoutAccount_KeepsWhatWasSet()
    {
        using var given = JsonDocument.Parse("{\"ReplyToEmailAddress\":\"help@example.com\"}");

        var configuration = EmailConfigurationDefaults.Apply(given.RootElement);

        configuration.GetProperty("ReplyToEmailAddress").GetString().ShouldBe("help@example.com");
        configuration.GetProperty("EmailSendingAccount").GetString().ShouldBe("COGNITO_DEFAULT");
    }
}

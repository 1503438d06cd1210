// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Pools;

/// <summary>
/// The deprecated EmailVerificationMessage, EmailVerificationSubject and SmsVerificationMessage and
/// VerificationMessageTemplate's EmailMessage, EmailSubject and SmsMessage are one setting: AWS sets each from the other,
/// so DescribeUserPool returns both forms equal (terraform-provider-aws, TestAccCognitoIDPUserPool_withVerificationMessageTemplate,
/// run against AWS; crossplane-contrib/provider-upjet-aws#716). The template's own member wins when both are given.
/// </summary>
public static class VerificationMessages
{
    /// <summary>
    /// <paramref name="settings"/> with both forms made equal. <paramref name="current"/> is the template the pool has
    /// before an UpdateUserPool that omits VerificationMessageTemplate (AWS keeps it then); null on CreateUserPool.
    /// </summary>
    public static UserPoolSettings Reconcile(UserPoolSettings settings, VerificationMessageTemplateType? current = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var given = settings.VerificationMessageTemplate;
        var kept = given is null ? current : null;
        var template = (given ?? current ?? new VerificationMessageTemplateType()) with
        {
            EmailMessage = given?.EmailMessage ?? settings.EmailVerificationMessage ?? kept?.EmailMessage,
            EmailSubject = given?.EmailSubject ?? settings.EmailVerificationSubject ?? kept?.EmailSubject,
            SmsMessage = given?.SmsMessage ?? settings.SmsVerificationMessage ?? kept?.SmsMessage,
        };
        return settings with
        {
            VerificationMessageTemplate = template,
            EmailVerificationMessage = template.EmailMessage,
            EmailVerificationSubject = template.EmailSubject,
            SmsVerificationMessage = template.SmsMessage,
        };
    }
}

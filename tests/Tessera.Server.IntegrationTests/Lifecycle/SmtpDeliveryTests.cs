// SPDX-License-Identifier: Apache-2.0
using Tessera.Server.IntegrationTests.Infrastructure;

namespace Tessera.Server.IntegrationTests.Lifecycle;

/// <summary>Email goes through a real SMTP conversation (MailKit) with a server listening on loopback.</summary>
public sealed class SmtpDeliveryTests
{
    [Fact]
    public async Task SignUp_WithMailConfigured_DeliversTheCodeOverSmtp()
    {
        await using var smtp = new LoopbackSmtpServer();
        await using var host = await TesseraHost.StartAsync(new Dictionary<string, string?>
        {
            ["Tessera:Mail:Host"] = "127.0.0.1",
            ["Tessera:Mail:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Tessera:Mail:From"] = "Tessera <no-reply@tessera.test>",
            ["Tessera:Mail:UseTls"] = "false",
            ["Tessera:Mail:UserName"] = "mailer",
            ["Tessera:Mail:Password"] = "mail-secret",
        });
        var (_, client) = await host.CreateSignUpPoolAsync(new
        {
            AutoVerifiedAttributes = new[] { "email" },
            VerificationMessageTemplate = new { EmailSubject = "Your Example code", EmailMessage = "Hi {username}, use {####} to confirm." },
        });

        await host.SignUpAsync(client, "alice", "alice@example.com");

        var mail = await smtp.WaitForMessageAsync(m => m.To.Contains("alice@example.com"), TimeSpan.FromSeconds(10));
        var code = await host.LatestCodeAsync("alice@example.com");
        mail.From.ShouldBe("no-reply@tessera.test");
        mail.Message.Subject.ShouldBe("Your Example code");
        mail.Message.From.Mailboxes.Single().Address.ShouldBe("no-reply@tessera.test");
        mail.Message.To.Mailboxes.Single().Address.ShouldBe("alice@example.com");
        mail.Message.TextBody!.Trim().ShouldBe($"Hi alice, use {code} to confirm.");
        smtp.LastCredentials.ShouldBe("mailer:mail-secret");

        await host.CallAsync("ConfirmSignUp", new { ClientId = client, Username = "alice", ConfirmationCode = code }, sign: false);
    }

    [Fact]
    public async Task ForgotPassword_SmtpUnreachable_ThrowsCodeDeliveryFailure()
    {
        int closedPort;
        await using (var probe = new LoopbackSmtpServer())
        {
            closedPort = probe.Port;
        }

        await using var host = await TesseraHost.StartAsync(new Dictionary<string, string?>
        {
            ["Tessera:Mail:Host"] = "127.0.0.1",
            ["Tessera:Mail:Port"] = closedPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Tessera:Mail:From"] = "no-reply@tessera.test",
            ["Tessera:Mail:UseTls"] = "false",
        });
        var (pool, client) = await host.CreateSignUpPoolAsync();
        await host.CreateConfirmedUserAsync(pool, client, "bob", UserSteps.Password, ("email", "bob@example.com"), ("email_verified", "true"));

        var error = await UserSteps.FailsAsync(() => host.CallAsync("ForgotPassword", new { ClientId = client, Username = "bob" }, sign: false));

        error.Type.ShouldBe("CodeDeliveryFailureException");
        error.Status.ShouldBe(400);
    }
}

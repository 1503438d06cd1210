// SPDX-License-Identifier: Apache-2.0
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Tessera.Core.Errors;
using Tessera.Core.Users;

namespace Tessera.Server.Messaging;

/// <summary>Sends one email over SMTP with MailKit, a connection per message (codes are rare and latency-tolerant).</summary>
internal sealed partial class SmtpMailer(IOptions<MailOptions> options, ILogger<SmtpMailer> logger)
{
    public async Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var mail = options.Value;
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(mail.From!));
        mime.To.Add(MailboxAddress.Parse(message.Destination));
        mime.Subject = message.Subject ?? string.Empty;
        // Pool templates may contain HTML (Cognito sends them as HTML); a plain-text part keeps text-only readers working.
        var builder = new BodyBuilder { TextBody = message.Body };
        if (message.Body.Contains('<', StringComparison.Ordinal))
        {
            builder.HtmlBody = message.Body;
        }

        mime.Body = builder.ToMessageBody();

        using var client = new SmtpClient { Timeout = (int)mail.Timeout.TotalMilliseconds };
        var security = !mail.UseTls ? SecureSocketOptions.None : mail.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
        try
        {
            await client.ConnectAsync(mail.Host!, mail.Port, security, cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(mail.UserName))
            {
                await client.AuthenticateAsync(mail.UserName, mail.Password ?? string.Empty, cancellationToken).ConfigureAwait(false);
            }

            await client.SendAsync(mime, cancellationToken).ConfigureAwait(false);
            await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or AuthenticationException or SslHandshakeException
            or ServiceNotConnectedException or IOException or SocketException or TimeoutException)
        {
            LogFailed(logger, message.Destination, mail.Host!, mail.Port, e);
            throw new CognitoException("CodeDeliveryFailureException", "Unable to deliver message to the email address.");
        }
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Error, Message = "SMTP delivery to {Destination} through {Host}:{Port} failed")]
    private static partial void LogFailed(ILogger logger, string destination, string host, int port, Exception exception);
}

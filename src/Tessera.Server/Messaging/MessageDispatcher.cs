// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.Options;
using Tessera.Core.Lifecycle;
using Tessera.Core.Users;
using Tessera.Server.Hosting;

namespace Tessera.Server.Messaging;

/// <summary>
/// Where a pool's messages go: email through SMTP when <c>Tessera:Mail</c> is configured; in start-dev also
/// into the development inbox (kept in the store), one log line each. Production never logs a code.
/// </summary>
internal sealed partial class MessageDispatcher(
    TesseraRuntime runtime,
    IOptions<MailOptions> mail,
    SmtpMailer smtp,
    IInboxStore inbox,
    TimeProvider time,
    ILogger<MessageDispatcher> logger) : IMessageSender
{
    public async Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var bySmtp = message.Medium == "EMAIL" && mail.Value.IsConfigured;
        if (runtime.IsDevelopment)
        {
            LogDevMessage(logger, message.Medium, message.Destination, message.PoolId, message.Purpose, message.Code ?? "-");
            await inbox.AddAsync(new InboxMessage
            {
                SentAt = time.GetUtcNow(),
                PoolId = message.PoolId,
                Username = message.Username,
                Medium = message.Medium,
                Destination = message.Destination,
                Subject = message.Subject,
                Body = message.Body,
                Code = message.Code,
                Purpose = message.Purpose,
            }, cancellationToken).ConfigureAwait(false);
        }
        else if (!bySmtp)
        {
            LogUndelivered(logger, message.Medium, message.PoolId, message.Purpose);
        }

        if (bySmtp)
        {
            await smtp.SendAsync(message, cancellationToken).ConfigureAwait(false);
            LogSent(logger, message.Destination, message.PoolId, message.Purpose);
        }
    }

    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "dev inbox: {Medium} to {Destination} (pool {PoolId}, {Purpose}): code {Code}")]
    private static partial void LogDevMessage(ILogger logger, string medium, string destination, string poolId, string purpose, string code);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Email sent to {Destination} (pool {PoolId}, {Purpose})")]
    private static partial void LogSent(ILogger logger, string destination, string poolId, string purpose);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "{Medium} message for pool {PoolId} ({Purpose}) NOT delivered: no sender is configured for it (set Tessera:Mail for email)")]
    private static partial void LogUndelivered(ILogger logger, string medium, string poolId, string purpose);
}

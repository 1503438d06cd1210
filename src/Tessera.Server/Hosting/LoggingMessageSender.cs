// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Users;

namespace Tessera.Server.Hosting;

/// <summary>Writes each message to the log, one line each; the SMTP sender and the development inbox replace it.</summary>
internal sealed partial class LoggingMessageSender(ILogger<LoggingMessageSender> logger) : IMessageSender
{
    public Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        LogMessage(logger, message.Medium, message.Destination, message.PoolId, message.Purpose, message.Code ?? "-");
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "{Medium} to {Destination} (pool {PoolId}, {Purpose}): code {Code}")]
    private static partial void LogMessage(ILogger logger, string medium, string destination, string poolId, string purpose, string code);
}

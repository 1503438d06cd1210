// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Users;

/// <summary>A message a pool sends to a user: a code, a temporary password, a link.</summary>
public sealed record OutgoingMessage(string PoolId, string Username, string Medium, string Destination, string? Subject, string Body, string? Code, string Purpose);

/// <summary>Delivers messages by email (SMTP) or SMS; in start-dev, the development inbox.</summary>
public interface IMessageSender
{
    Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken);
}

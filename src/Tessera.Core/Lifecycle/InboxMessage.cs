// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Lifecycle;

/// <summary>A message kept by the start-dev development inbox: what a pool would have sent, and to whom.</summary>
public sealed class InboxMessage
{
    public long Id { get; set; }
    public DateTimeOffset SentAt { get; set; }
    public required string PoolId { get; set; }
    public required string Username { get; set; }

    /// <summary><c>EMAIL</c> or <c>SMS</c>.</summary>
    public required string Medium { get; set; }

    public required string Destination { get; set; }
    public string? Subject { get; set; }
    public required string Body { get; set; }
    public string? Code { get; set; }

    /// <summary>The operation that sent it (SignUp, ForgotPassword, AdminCreateUser…).</summary>
    public required string Purpose { get; set; }
}

/// <summary>The development inbox, kept in the store so it survives restarts and every node sees it.</summary>
public interface IInboxStore
{
    Task AddAsync(InboxMessage message, CancellationToken cancellationToken);

    /// <summary>The newest messages first, optionally of one pool.</summary>
    Task<IReadOnlyList<InboxMessage>> ListAsync(string? poolId, int limit, CancellationToken cancellationToken);
}

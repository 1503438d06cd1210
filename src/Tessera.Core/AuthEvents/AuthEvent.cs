// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.AuthEvents;

/// <summary>
/// One authentication event of a user (AuthEventType): a sign-in, sign-up, password recovery or change, or a resent
/// code, as <see cref="AuthEventRecorder"/> recorded it. Nothing secret is kept: the feedback token is derived from
/// the event under the master key, never stored.
/// </summary>
public sealed class AuthEvent
{
    /// <summary>The EventId: a UUID, matching EventIdType's <c>[\w+-]+</c>.</summary>
    public required string EventId { get; set; }
    public required string PoolId { get; set; }
    public Guid UserId { get; set; }

    /// <summary>The app client the event came through; null for events with none (none so far).</summary>
    public string? ClientId { get; set; }

    /// <summary>EventType: SignIn, SignUp, ForgotPassword, PasswordChange or ResendCode.</summary>
    public required string EventType { get; set; }

    /// <summary>EventResponse: Pass, Fail or InProgress.</summary>
    public required string EventResponse { get; set; }

    /// <summary>The challenges answered (Password, Mfa) and how, in order.</summary>
    public List<AuthEventChallenge> ChallengeResponses { get; set; } = [];

    /// <summary>The caller's address as the edge saw it (EventContextData.IpAddress).</summary>
    public string? IpAddress { get; set; }

    /// <summary>The caller's User-Agent, shortened to <see cref="AuthEventRecorder.MaxDeviceNameLength"/> (EventContextData.DeviceName).</summary>
    public string? DeviceName { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>EventFeedback.FeedbackValue: Valid or Invalid, once feedback was given.</summary>
    public string? FeedbackValue { get; set; }

    /// <summary>EventFeedback.Provider: who gave it, <c>Admin</c> (AdminUpdateAuthEventFeedback) or <c>User</c> (UpdateAuthEventFeedback).</summary>
    public string? FeedbackProvider { get; set; }

    public DateTimeOffset? FeedbackDate { get; set; }
}

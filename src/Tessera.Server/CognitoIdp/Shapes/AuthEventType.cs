// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.AuthEvents;

namespace Tessera.Server.CognitoIdp.Shapes;

/// <summary>AuthEventType: one recorded event. Tessera assesses no risk, so EventRisk says it took no action (NoRisk) and found no compromised credentials.</summary>
internal sealed record AuthEventType(
    string EventId,
    string EventType,
    DateTimeOffset CreationDate,
    string EventResponse,
    EventRiskType EventRisk,
    IReadOnlyList<ChallengeResponseType> ChallengeResponses,
    EventContextDataType EventContextData,
    EventFeedbackType? EventFeedback)
{
    public static AuthEventType From(AuthEvent e)
        => new(
            e.EventId,
            e.EventType,
            e.CreatedAt,
            e.EventResponse,
            new EventRiskType("NoRisk", null, false),
            e.ChallengeResponses.Select(c => new ChallengeResponseType(c.ChallengeName, c.ChallengeResponse)).ToList(),
            new EventContextDataType(e.IpAddress, e.DeviceName, null, null, null),
            e is { FeedbackValue: { } value, FeedbackProvider: { } provider } ? new EventFeedbackType(value, provider, e.FeedbackDate) : null);
}

internal sealed record EventRiskType(string? RiskDecision, string? RiskLevel, bool? CompromisedCredentialsDetected);

internal sealed record ChallengeResponseType(string ChallengeName, string ChallengeResponse);

internal sealed record EventContextDataType(string? IpAddress, string? DeviceName, string? Timezone, string? City, string? Country);

internal sealed record EventFeedbackType(string FeedbackValue, string Provider, DateTimeOffset? FeedbackDate);

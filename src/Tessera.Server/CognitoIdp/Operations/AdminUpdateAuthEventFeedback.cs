// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.AuthEvents;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record AdminUpdateAuthEventFeedbackRequest(string UserPoolId, string Username, string EventId, string FeedbackValue);

internal sealed record AdminUpdateAuthEventFeedbackResponse;

[CognitoOperation("AdminUpdateAuthEventFeedback")]
internal sealed class AdminUpdateAuthEventFeedbackHandler(AuthEventService events)
    : IOperationHandler<AdminUpdateAuthEventFeedbackRequest, AdminUpdateAuthEventFeedbackResponse>
{
    public async ValueTask<AdminUpdateAuthEventFeedbackResponse> HandleAsync(AdminUpdateAuthEventFeedbackRequest request, CancellationToken cancellationToken)
    {
        await events.UpdateFeedbackAsync(request.UserPoolId, request.Username, request.EventId, feedbackToken: null, request.FeedbackValue, admin: true, cancellationToken).ConfigureAwait(false);
        return new AdminUpdateAuthEventFeedbackResponse();
    }
}

[JsonSerializable(typeof(AdminUpdateAuthEventFeedbackRequest))]
[JsonSerializable(typeof(AdminUpdateAuthEventFeedbackResponse))]
internal sealed partial class AdminUpdateAuthEventFeedbackJsonContext : JsonSerializerContext;

// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.AuthEvents;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record UpdateAuthEventFeedbackRequest(string UserPoolId, string Username, string EventId, string FeedbackToken, string FeedbackValue);

internal sealed record UpdateAuthEventFeedbackResponse;

/// <summary>Unsigned: the FeedbackToken alone proves the caller, as AWS's notification links do.</summary>
[CognitoOperation("UpdateAuthEventFeedback")]
internal sealed class UpdateAuthEventFeedbackHandler(AuthEventService events)
    : IOperationHandler<UpdateAuthEventFeedbackRequest, UpdateAuthEventFeedbackResponse>
{
    public async ValueTask<UpdateAuthEventFeedbackResponse> HandleAsync(UpdateAuthEventFeedbackRequest request, CancellationToken cancellationToken)
    {
        await events.UpdateFeedbackAsync(request.UserPoolId, request.Username, request.EventId, request.FeedbackToken, request.FeedbackValue, admin: false, cancellationToken).ConfigureAwait(false);
        return new UpdateAuthEventFeedbackResponse();
    }
}

[JsonSerializable(typeof(UpdateAuthEventFeedbackRequest))]
[JsonSerializable(typeof(UpdateAuthEventFeedbackResponse))]
internal sealed partial class UpdateAuthEventFeedbackJsonContext : JsonSerializerContext;

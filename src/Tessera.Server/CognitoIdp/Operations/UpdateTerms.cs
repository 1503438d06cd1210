// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Serialization;
using Tessera.Core.Configuration;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record UpdateTermsRequest(string TermsId, string UserPoolId, JsonElement? TermsName, JsonElement? TermsSource, JsonElement? Enforcement, JsonElement? Links);

internal sealed record UpdateTermsResponse(TermsType Terms);

[CognitoOperation("UpdateTerms")]
internal sealed class UpdateTermsHandler(PoolConfigurationService configuration) : IOperationHandler<UpdateTermsRequest, UpdateTermsResponse>
{
    public async ValueTask<UpdateTermsResponse> HandleAsync(UpdateTermsRequest request, CancellationToken cancellationToken)
    {
        var changes = JsonMembers.Of(
            (nameof(request.TermsName), request.TermsName),
            (nameof(request.TermsSource), request.TermsSource),
            (nameof(request.Enforcement), request.Enforcement),
            (nameof(request.Links), request.Links));
        var stored = await configuration.UpdateTermsAsync(request.UserPoolId, request.TermsId, changes, cancellationToken).ConfigureAwait(false);
        return new UpdateTermsResponse(TermsType.From(request.UserPoolId, stored));
    }
}

[JsonSerializable(typeof(UpdateTermsRequest))]
[JsonSerializable(typeof(UpdateTermsResponse))]
internal sealed partial class UpdateTermsJsonContext : JsonSerializerContext;

// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Configuration;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record ListTermsRequest(string UserPoolId, int? MaxResults, string? NextToken);

internal sealed record ListTermsResponse(IReadOnlyList<TermsDescriptionType> Terms, string? NextToken);

[CognitoOperation("ListTerms")]
internal sealed class ListTermsHandler(PoolConfigurationService configuration) : IOperationHandler<ListTermsRequest, ListTermsResponse>
{
    public async ValueTask<ListTermsResponse> HandleAsync(ListTermsRequest request, CancellationToken cancellationToken)
    {
        var (terms, next) = await configuration.ListTermsAsync(request.UserPoolId, request.MaxResults, request.NextToken, cancellationToken).ConfigureAwait(false);
        return new ListTermsResponse(terms.Select(TermsDescriptionType.From).ToList(), next);
    }
}

[JsonSerializable(typeof(ListTermsRequest))]
[JsonSerializable(typeof(ListTermsResponse))]
internal sealed partial class ListTermsJsonContext : JsonSerializerContext;

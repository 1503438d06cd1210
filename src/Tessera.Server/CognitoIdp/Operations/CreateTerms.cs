// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Serialization;
using Tessera.Core.Configuration;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record CreateTermsRequest(string UserPoolId, string ClientId, JsonElement TermsName, JsonElement TermsSource, JsonElement Enforcement, JsonElement? Links);

internal sealed record CreateTermsResponse(TermsType Terms);

[CognitoOperation("CreateTerms")]
internal sealed class CreateTermsHandler(PoolConfigurationService configuration) : IOperationHandler<CreateTermsRequest, CreateTermsResponse>
{
    public async ValueTask<CreateTermsResponse> HandleAsync(CreateTermsRequest request, CancellationToken cancellationToken)
    {
        var members = JsonMembers.Of(
            (nameof(request.TermsName), request.TermsName),
            (nameof(request.TermsSource), request.TermsSource),
            (nameof(request.Enforcement), request.Enforcement),
            (nameof(request.Links), request.Links));
        var stored = await configuration.CreateTermsAsync(request.UserPoolId, request.ClientId, members, cancellationToken).ConfigureAwait(false);
        return new CreateTermsResponse(TermsType.From(request.UserPoolId, stored));
    }
}

[JsonSerializable(typeof(CreateTermsRequest))]
[JsonSerializable(typeof(CreateTermsResponse))]
internal sealed partial class CreateTermsJsonContext : JsonSerializerContext;

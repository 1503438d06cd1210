// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.UserImport;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record GetCSVHeaderRequest(string UserPoolId);

internal sealed record GetCSVHeaderResponse(string UserPoolId, IReadOnlyList<string> CSVHeader);

[CognitoOperation("GetCSVHeader")]
internal sealed class GetCSVHeaderHandler(UserImportService imports)
    : IOperationHandler<GetCSVHeaderRequest, GetCSVHeaderResponse>
{
    public async ValueTask<GetCSVHeaderResponse> HandleAsync(GetCSVHeaderRequest request, CancellationToken cancellationToken)
        => new(request.UserPoolId, await imports.CsvHeaderAsync(request.UserPoolId, cancellationToken).ConfigureAwait(false));
}

[JsonSerializable(typeof(GetCSVHeaderRequest))]
[JsonSerializable(typeof(GetCSVHeaderResponse))]
internal sealed partial class GetCSVHeaderJsonContext : JsonSerializerContext;

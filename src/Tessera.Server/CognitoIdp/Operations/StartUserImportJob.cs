// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.UserImport;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;
using Tessera.Server.UserImport;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record StartUserImportJobRequest(string UserPoolId, string JobId);

/// <summary>StartUserImportJob: Created to Pending; this node's worker takes it up at once, any node's within seconds.</summary>
[CognitoOperation("StartUserImportJob")]
internal sealed class StartUserImportJobHandler(UserImportService imports, UserImportUrls urls)
    : IOperationHandler<StartUserImportJobRequest, UserImportJobResponse>
{
    public async ValueTask<UserImportJobResponse> HandleAsync(StartUserImportJobRequest request, CancellationToken cancellationToken)
        => new(UserImportJobType.From(await imports.StartAsync(request.UserPoolId, request.JobId, cancellationToken).ConfigureAwait(false), urls));
}

[JsonSerializable(typeof(StartUserImportJobRequest))]
[JsonSerializable(typeof(UserImportJobResponse))]
internal sealed partial class StartUserImportJobJsonContext : JsonSerializerContext;

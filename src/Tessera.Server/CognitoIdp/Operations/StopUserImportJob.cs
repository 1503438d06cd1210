// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.UserImport;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;
using Tessera.Server.UserImport;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record StopUserImportJobRequest(string UserPoolId, string JobId);

/// <summary>StopUserImportJob: a Pending job stops at once, an InProgress one is Stopping until the worker sees it (within 100 lines).</summary>
[CognitoOperation("StopUserImportJob")]
internal sealed class StopUserImportJobHandler(UserImportService imports, UserImportUrls urls)
    : IOperationHandler<StopUserImportJobRequest, UserImportJobResponse>
{
    public async ValueTask<UserImportJobResponse> HandleAsync(StopUserImportJobRequest request, CancellationToken cancellationToken)
        => new(UserImportJobType.From(await imports.StopAsync(request.UserPoolId, request.JobId, cancellationToken).ConfigureAwait(false), urls));
}

[JsonSerializable(typeof(StopUserImportJobRequest))]
[JsonSerializable(typeof(UserImportJobResponse))]
internal sealed partial class StopUserImportJobJsonContext : JsonSerializerContext;

// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.UserImport;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;
using Tessera.Server.UserImport;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record CreateUserImportJobRequest(string JobName, string UserPoolId, string CloudWatchLogsRoleArn, string? PasswordHashingAlgorithm);

internal sealed record UserImportJobResponse(UserImportJobType UserImportJob);

/// <summary>
/// CreateUserImportJob: a job in Created with a pre-signed URL Tessera serves itself. The CloudWatch Logs role is kept
/// and returned; Tessera writes the job's log to its own log endpoint instead (docs/import-jobs.md).
/// </summary>
[CognitoOperation("CreateUserImportJob")]
internal sealed class CreateUserImportJobHandler(UserImportService imports, UserImportUrls urls)
    : IOperationHandler<CreateUserImportJobRequest, UserImportJobResponse>
{
    public async ValueTask<UserImportJobResponse> HandleAsync(CreateUserImportJobRequest request, CancellationToken cancellationToken)
    {
        var job = await imports.CreateAsync(request.UserPoolId, request.JobName, request.CloudWatchLogsRoleArn, request.PasswordHashingAlgorithm, cancellationToken).ConfigureAwait(false);
        return new UserImportJobResponse(UserImportJobType.From(job, urls));
    }
}

[JsonSerializable(typeof(CreateUserImportJobRequest))]
[JsonSerializable(typeof(UserImportJobResponse))]
internal sealed partial class CreateUserImportJobJsonContext : JsonSerializerContext;

// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.UserImport;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;
using Tessera.Server.UserImport;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record DescribeUserImportJobRequest(string UserPoolId, string JobId);

[CognitoOperation("DescribeUserImportJob")]
internal sealed class DescribeUserImportJobHandler(UserImportService imports, UserImportUrls urls)
    : IOperationHandler<DescribeUserImportJobRequest, UserImportJobResponse>
{
    public async ValueTask<UserImportJobResponse> HandleAsync(DescribeUserImportJobRequest request, CancellationToken cancellationToken)
        => new(UserImportJobType.From(await imports.DescribeAsync(request.UserPoolId, request.JobId, cancellationToken).ConfigureAwait(false), urls));
}

[JsonSerializable(typeof(DescribeUserImportJobRequest))]
[JsonSerializable(typeof(UserImportJobResponse))]
internal sealed partial class DescribeUserImportJobJsonContext : JsonSerializerContext;

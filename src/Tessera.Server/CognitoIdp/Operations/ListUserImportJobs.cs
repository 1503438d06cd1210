// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.UserImport;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;
using Tessera.Server.UserImport;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record ListUserImportJobsRequest(string UserPoolId, int MaxResults, string? PaginationToken);

internal sealed record ListUserImportJobsResponse(IReadOnlyList<UserImportJobType> UserImportJobs, string? PaginationToken);

/// <summary>ListUserImportJobs: newest first, as the developer guide lists them ("from last created to first created").</summary>
[CognitoOperation("ListUserImportJobs")]
internal sealed class ListUserImportJobsHandler(UserImportService imports, UserImportUrls urls)
    : IOperationHandler<ListUserImportJobsRequest, ListUserImportJobsResponse>
{
    public async ValueTask<ListUserImportJobsResponse> HandleAsync(ListUserImportJobsRequest request, CancellationToken cancellationToken)
    {
        var (jobs, next) = await imports.ListAsync(request.UserPoolId, request.MaxResults, request.PaginationToken, cancellationToken).ConfigureAwait(false);
        return new ListUserImportJobsResponse(jobs.Select(j => UserImportJobType.From(j, urls)).ToList(), next);
    }
}

[JsonSerializable(typeof(ListUserImportJobsRequest))]
[JsonSerializable(typeof(ListUserImportJobsResponse))]
internal sealed partial class ListUserImportJobsJsonContext : JsonSerializerContext;

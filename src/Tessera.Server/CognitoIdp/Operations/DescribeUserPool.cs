// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Tessera.Core;
using Tessera.Core.HostedUi;
using Tessera.Core.Pools;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record DescribeUserPoolRequest(string UserPoolId);

internal sealed record DescribeUserPoolResponse(UserPoolType UserPool);

[CognitoOperation("DescribeUserPool")]
internal sealed class DescribeUserPoolHandler(IUserPoolStore pools, IUserPoolDomainStore domains, IOptions<TesseraOptions> options)
    : IOperationHandler<DescribeUserPoolRequest, DescribeUserPoolResponse>
{
    public async ValueTask<DescribeUserPoolResponse> HandleAsync(DescribeUserPoolRequest request, CancellationToken cancellationToken)
    {
        var pool = await pools.FindAsync(request.UserPoolId, cancellationToken).ConfigureAwait(false)
            ?? throw Tessera.Core.Errors.CognitoErrors.UserPoolNotFound(request.UserPoolId);
        var users = await pools.CountUsersAsync(pool.Id, cancellationToken).ConfigureAwait(false);
        var poolDomains = await domains.ListForPoolAsync(pool.Id, cancellationToken).ConfigureAwait(false);
        // UserPoolType.Domain is the prefix domain and CustomDomain the one with a certificate; scripts read them
        // to find the hosted UI of a pool they created earlier.
        return new DescribeUserPoolResponse(UserPoolType.From(pool, users, options.Value) with
        {
            Domain = poolDomains.FirstOrDefault(d => d.CertificateArn is null)?.Domain,
            CustomDomain = poolDomains.FirstOrDefault(d => d.CertificateArn is not null)?.Domain,
        });
    }
}

[JsonSerializable(typeof(DescribeUserPoolRequest))]
[JsonSerializable(typeof(DescribeUserPoolResponse))]
internal sealed partial class DescribeUserPoolJsonContext : JsonSerializerContext;

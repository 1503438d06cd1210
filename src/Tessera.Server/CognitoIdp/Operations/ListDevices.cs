// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Devices;
using Tessera.Core.Tokens;
using Tessera.Core.Users;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record ListDevicesRequest(string AccessToken, int? Limit, string? PaginationToken);

internal sealed record ListDevicesResponse(IReadOnlyList<DeviceType> Devices, string? PaginationToken);

[CognitoOperation("ListDevices")]
internal sealed class ListDevicesHandler(AccessTokenValidator tokens, UserDirectory directory, DeviceService devices)
    : IOperationHandler<ListDevicesRequest, ListDevicesResponse>
{
    public async ValueTask<ListDevicesResponse> HandleAsync(ListDevicesRequest request, CancellationToken cancellationToken)
    {
        var caller = await tokens.ValidateForUserPoolApiAsync(request.AccessToken, cancellationToken).ConfigureAwait(false);
        var pool = await directory.GetPoolAsync(caller.User.PoolId, cancellationToken).ConfigureAwait(false);
        var (page, next) = await devices.ListAsync(pool, caller.User, request.Limit, request.PaginationToken, cancellationToken).ConfigureAwait(false);
        return new ListDevicesResponse(page.Select(DeviceType.From).ToList(), next);
    }
}

[JsonSerializable(typeof(ListDevicesRequest))]
[JsonSerializable(typeof(ListDevicesResponse))]
internal sealed partial class ListDevicesJsonContext : JsonSerializerContext;

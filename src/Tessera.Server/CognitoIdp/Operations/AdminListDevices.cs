// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Devices;
using Tessera.Core.Users;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record AdminListDevicesRequest(string UserPoolId, string Username, int? Limit, string? PaginationToken);

internal sealed record AdminListDevicesResponse(IReadOnlyList<DeviceType> Devices, string? PaginationToken);

[CognitoOperation("AdminListDevices")]
internal sealed class AdminListDevicesHandler(UserDirectory directory, DeviceService devices)
    : IOperationHandler<AdminListDevicesRequest, AdminListDevicesResponse>
{
    public async ValueTask<AdminListDevicesResponse> HandleAsync(AdminListDevicesRequest request, CancellationToken cancellationToken)
    {
        var pool = await directory.GetPoolAsync(request.UserPoolId, cancellationToken).ConfigureAwait(false);
        var user = await directory.GetAsync(pool, request.Username, cancellationToken).ConfigureAwait(false);
        var (page, next) = await devices.ListAsync(pool, user, request.Limit, request.PaginationToken, cancellationToken).ConfigureAwait(false);
        return new AdminListDevicesResponse(page.Select(DeviceType.From).ToList(), next);
    }
}

[JsonSerializable(typeof(AdminListDevicesRequest))]
[JsonSerializable(typeof(AdminListDevicesResponse))]
internal sealed partial class AdminListDevicesJsonContext : JsonSerializerContext;

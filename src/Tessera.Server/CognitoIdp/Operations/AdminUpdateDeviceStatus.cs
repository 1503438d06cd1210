// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Devices;
using Tessera.Core.Users;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record AdminUpdateDeviceStatusRequest(string UserPoolId, string Username, string DeviceKey, string? DeviceRememberedStatus);

internal sealed record AdminUpdateDeviceStatusResponse;

[CognitoOperation("AdminUpdateDeviceStatus")]
internal sealed class AdminUpdateDeviceStatusHandler(UserDirectory directory, DeviceService devices)
    : IOperationHandler<AdminUpdateDeviceStatusRequest, AdminUpdateDeviceStatusResponse>
{
    public async ValueTask<AdminUpdateDeviceStatusResponse> HandleAsync(AdminUpdateDeviceStatusRequest request, CancellationToken cancellationToken)
    {
        var pool = await directory.GetPoolAsync(request.UserPoolId, cancellationToken).ConfigureAwait(false);
        var user = await directory.GetAsync(pool, request.Username, cancellationToken).ConfigureAwait(false);
        await devices.UpdateStatusAsync(pool, user, request.DeviceKey, request.DeviceRememberedStatus, cancellationToken).ConfigureAwait(false);
        return new AdminUpdateDeviceStatusResponse();
    }
}

[JsonSerializable(typeof(AdminUpdateDeviceStatusRequest))]
[JsonSerializable(typeof(AdminUpdateDeviceStatusResponse))]
internal sealed partial class AdminUpdateDeviceStatusJsonContext : JsonSerializerContext;

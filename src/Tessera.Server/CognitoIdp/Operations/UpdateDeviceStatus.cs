// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Devices;
using Tessera.Core.Tokens;
using Tessera.Core.Users;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record UpdateDeviceStatusRequest(string AccessToken, string DeviceKey, string? DeviceRememberedStatus);

internal sealed record UpdateDeviceStatusResponse;

[CognitoOperation("UpdateDeviceStatus")]
internal sealed class UpdateDeviceStatusHandler(AccessTokenValidator tokens, UserDirectory directory, DeviceService devices)
    : IOperationHandler<UpdateDeviceStatusRequest, UpdateDeviceStatusResponse>
{
    public async ValueTask<UpdateDeviceStatusResponse> HandleAsync(UpdateDeviceStatusRequest request, CancellationToken cancellationToken)
    {
        var caller = await tokens.ValidateForUserPoolApiAsync(request.AccessToken, cancellationToken).ConfigureAwait(false);
        var pool = await directory.GetPoolAsync(caller.User.PoolId, cancellationToken).ConfigureAwait(false);
        await devices.UpdateStatusAsync(pool, caller.User, request.DeviceKey, request.DeviceRememberedStatus, cancellationToken).ConfigureAwait(false);
        return new UpdateDeviceStatusResponse();
    }
}

[JsonSerializable(typeof(UpdateDeviceStatusRequest))]
[JsonSerializable(typeof(UpdateDeviceStatusResponse))]
internal sealed partial class UpdateDeviceStatusJsonContext : JsonSerializerContext;

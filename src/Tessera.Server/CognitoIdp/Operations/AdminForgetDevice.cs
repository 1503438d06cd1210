// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Devices;
using Tessera.Core.Users;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record AdminForgetDeviceRequest(string UserPoolId, string Username, string DeviceKey);

internal sealed record AdminForgetDeviceResponse;

[CognitoOperation("AdminForgetDevice")]
internal sealed class AdminForgetDeviceHandler(UserDirectory directory, DeviceService devices)
    : IOperationHandler<AdminForgetDeviceRequest, AdminForgetDeviceResponse>
{
    public async ValueTask<AdminForgetDeviceResponse> HandleAsync(AdminForgetDeviceRequest request, CancellationToken cancellationToken)
    {
        var pool = await directory.GetPoolAsync(request.UserPoolId, cancellationToken).ConfigureAwait(false);
        var user = await directory.GetAsync(pool, request.Username, cancellationToken).ConfigureAwait(false);
        await devices.ForgetAsync(pool, user, request.DeviceKey, cancellationToken).ConfigureAwait(false);
        return new AdminForgetDeviceResponse();
    }
}

[JsonSerializable(typeof(AdminForgetDeviceRequest))]
[JsonSerializable(typeof(AdminForgetDeviceResponse))]
internal sealed partial class AdminForgetDeviceJsonContext : JsonSerializerContext;

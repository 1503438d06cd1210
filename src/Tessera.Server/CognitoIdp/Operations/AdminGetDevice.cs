// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Devices;
using Tessera.Core.Users;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record AdminGetDeviceRequest(string DeviceKey, string UserPoolId, string Username);

internal sealed record AdminGetDeviceResponse(DeviceType Device);

[CognitoOperation("AdminGetDevice")]
internal sealed class AdminGetDeviceHandler(UserDirectory directory, DeviceService devices)
    : IOperationHandler<AdminGetDeviceRequest, AdminGetDeviceResponse>
{
    public async ValueTask<AdminGetDeviceResponse> HandleAsync(AdminGetDeviceRequest request, CancellationToken cancellationToken)
    {
        var pool = await directory.GetPoolAsync(request.UserPoolId, cancellationToken).ConfigureAwait(false);
        var user = await directory.GetAsync(pool, request.Username, cancellationToken).ConfigureAwait(false);
        var device = await devices.GetAsync(pool, user, request.DeviceKey, cancellationToken).ConfigureAwait(false);
        return new AdminGetDeviceResponse(DeviceType.From(device));
    }
}

[JsonSerializable(typeof(AdminGetDeviceRequest))]
[JsonSerializable(typeof(AdminGetDeviceResponse))]
internal sealed partial class AdminGetDeviceJsonContext : JsonSerializerContext;

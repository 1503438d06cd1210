// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Devices;
using Tessera.Core.Tokens;
using Tessera.Core.Users;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record GetDeviceRequest(string DeviceKey, string AccessToken);

internal sealed record GetDeviceResponse(DeviceType Device);

[CognitoOperation("GetDevice")]
internal sealed class GetDeviceHandler(AccessTokenValidator tokens, UserDirectory directory, DeviceService devices)
    : IOperationHandler<GetDeviceRequest, GetDeviceResponse>
{
    public async ValueTask<GetDeviceResponse> HandleAsync(GetDeviceRequest request, CancellationToken cancellationToken)
    {
        var caller = await tokens.ValidateForUserPoolApiAsync(request.AccessToken, cancellationToken).ConfigureAwait(false);
        var pool = await directory.GetPoolAsync(caller.User.PoolId, cancellationToken).ConfigureAwait(false);
        var device = await devices.GetAsync(pool, caller.User, request.DeviceKey, cancellationToken).ConfigureAwait(false);
        return new GetDeviceResponse(DeviceType.From(device));
    }
}

[JsonSerializable(typeof(GetDeviceRequest))]
[JsonSerializable(typeof(GetDeviceResponse))]
internal sealed partial class GetDeviceJsonContext : JsonSerializerContext;

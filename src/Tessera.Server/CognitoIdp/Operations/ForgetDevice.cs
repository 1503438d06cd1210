// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Devices;
using Tessera.Core.Tokens;
using Tessera.Core.Users;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record ForgetDeviceRequest(string? AccessToken, string DeviceKey);

internal sealed record ForgetDeviceResponse;

[CognitoOperation("ForgetDevice")]
internal sealed class ForgetDeviceHandler(AccessTokenValidator tokens, UserDirectory directory, DeviceService devices)
    : IOperationHandler<ForgetDeviceRequest, ForgetDeviceResponse>
{
    public async ValueTask<ForgetDeviceResponse> HandleAsync(ForgetDeviceRequest request, CancellationToken cancellationToken)
    {
        var caller = await tokens.ValidateForUserPoolApiAsync(request.AccessToken, cancellationToken).ConfigureAwait(false);
        var pool = await directory.GetPoolAsync(caller.User.PoolId, cancellationToken).ConfigureAwait(false);
        await devices.ForgetAsync(pool, caller.User, request.DeviceKey, cancellationToken).ConfigureAwait(false);
        return new ForgetDeviceResponse();
    }
}

[JsonSerializable(typeof(ForgetDeviceRequest))]
[JsonSerializable(typeof(ForgetDeviceResponse))]
internal sealed partial class ForgetDeviceJsonContext : JsonSerializerContext;

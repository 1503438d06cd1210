// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Devices;
using Tessera.Core.Tokens;
using Tessera.Core.Users;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record ConfirmDeviceRequest(string AccessToken, string DeviceKey, DeviceSecretVerifierConfigType? DeviceSecretVerifierConfig, string? DeviceName);

internal sealed record DeviceSecretVerifierConfigType(string? PasswordVerifier, string? Salt);

internal sealed record ConfirmDeviceResponse(bool UserConfirmationNecessary);

[CognitoOperation("ConfirmDevice")]
internal sealed class ConfirmDeviceHandler(AccessTokenValidator tokens, UserDirectory directory, DeviceService devices)
    : IOperationHandler<ConfirmDeviceRequest, ConfirmDeviceResponse>
{
    public async ValueTask<ConfirmDeviceResponse> HandleAsync(ConfirmDeviceRequest request, CancellationToken cancellationToken)
    {
        var caller = await tokens.ValidateForUserPoolApiAsync(request.AccessToken, cancellationToken).ConfigureAwait(false);
        var pool = await directory.GetPoolAsync(caller.User.PoolId, cancellationToken).ConfigureAwait(false);
        var necessary = await devices.ConfirmAsync(
            pool, caller.User, caller.DeviceKey, request.DeviceKey, request.DeviceSecretVerifierConfig?.PasswordVerifier,
            request.DeviceSecretVerifierConfig?.Salt, request.DeviceName, cancellationToken).ConfigureAwait(false);
        return new ConfirmDeviceResponse(necessary);
    }
}

[JsonSerializable(typeof(ConfirmDeviceRequest))]
[JsonSerializable(typeof(ConfirmDeviceResponse))]
internal sealed partial class ConfirmDeviceJsonContext : JsonSerializerContext;

// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Lifecycle;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record ChangePasswordRequest(string? PreviousPassword, string ProposedPassword, string AccessToken);

internal sealed record ChangePasswordResponse();

[CognitoOperation("ChangePassword")]
internal sealed class ChangePasswordHandler(SelfService self)
    : IOperationHandler<ChangePasswordRequest, ChangePasswordResponse>
{
    public async ValueTask<ChangePasswordResponse> HandleAsync(ChangePasswordRequest request, CancellationToken cancellationToken)
    {
        await self.ChangePasswordAsync(request.AccessToken, request.PreviousPassword, request.ProposedPassword, cancellationToken).ConfigureAwait(false);
        return new ChangePasswordResponse();
    }
}

[JsonSerializable(typeof(ChangePasswordRequest))]
[JsonSerializable(typeof(ChangePasswordResponse))]
internal sealed partial class ChangePasswordJsonContext : JsonSerializerContext;

// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Lifecycle;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record ConfirmForgotPasswordRequest(string ClientId, string? SecretHash, string Username, string ConfirmationCode, string Password, IReadOnlyDictionary<string, string>? ClientMetadata);

internal sealed record ConfirmForgotPasswordResponse();

[CognitoOperation("ConfirmForgotPassword")]
internal sealed class ConfirmForgotPasswordHandler(AccountService accounts)
    : IOperationHandler<ConfirmForgotPasswordRequest, ConfirmForgotPasswordResponse>
{
    public async ValueTask<ConfirmForgotPasswordResponse> HandleAsync(ConfirmForgotPasswordRequest request, CancellationToken cancellationToken)
    {
        await accounts.ConfirmForgotPasswordAsync(request.ClientId, request.SecretHash, request.Username, request.ConfirmationCode, request.Password, request.ClientMetadata, cancellationToken).ConfigureAwait(false);
        return new ConfirmForgotPasswordResponse();
    }
}

[JsonSerializable(typeof(ConfirmForgotPasswordRequest))]
[JsonSerializable(typeof(ConfirmForgotPasswordResponse))]
internal sealed partial class ConfirmForgotPasswordJsonContext : JsonSerializerContext;

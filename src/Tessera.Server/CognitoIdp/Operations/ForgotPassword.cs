// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Lifecycle;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record ForgotPasswordRequest(string ClientId, string? SecretHash, string Username, IReadOnlyDictionary<string, string>? ClientMetadata);

internal sealed record ForgotPasswordResponse(CodeDeliveryDetails CodeDeliveryDetails);

[CognitoOperation("ForgotPassword")]
internal sealed class ForgotPasswordHandler(AccountService accounts)
    : IOperationHandler<ForgotPasswordRequest, ForgotPasswordResponse>
{
    public async ValueTask<ForgotPasswordResponse> HandleAsync(ForgotPasswordRequest request, CancellationToken cancellationToken)
    {
        return new ForgotPasswordResponse(await accounts.ForgotPasswordAsync(request.ClientId, request.SecretHash, request.Username, request.ClientMetadata, cancellationToken).ConfigureAwait(false));
    }
}

[JsonSerializable(typeof(ForgotPasswordRequest))]
[JsonSerializable(typeof(ForgotPasswordResponse))]
internal sealed partial class ForgotPasswordJsonContext : JsonSerializerContext;

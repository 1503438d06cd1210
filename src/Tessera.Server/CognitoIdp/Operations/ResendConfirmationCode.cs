// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Lifecycle;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record ResendConfirmationCodeRequest(string ClientId, string? SecretHash, string Username, IReadOnlyDictionary<string, string>? ClientMetadata);

internal sealed record ResendConfirmationCodeResponse(CodeDeliveryDetails CodeDeliveryDetails);

[CognitoOperation("ResendConfirmationCode")]
internal sealed class ResendConfirmationCodeHandler(AccountService accounts)
    : IOperationHandler<ResendConfirmationCodeRequest, ResendConfirmationCodeResponse>
{
    public async ValueTask<ResendConfirmationCodeResponse> HandleAsync(ResendConfirmationCodeRequest request, CancellationToken cancellationToken)
    {
        return new ResendConfirmationCodeResponse(await accounts.ResendConfirmationCodeAsync(request.ClientId, request.SecretHash, request.Username, cancellationToken).ConfigureAwait(false));
    }
}

[JsonSerializable(typeof(ResendConfirmationCodeRequest))]
[JsonSerializable(typeof(ResendConfirmationCodeResponse))]
internal sealed partial class ResendConfirmationCodeJsonContext : JsonSerializerContext;

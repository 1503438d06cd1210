// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Lifecycle;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record ConfirmSignUpRequest(string ClientId, string? SecretHash, string Username, string ConfirmationCode, bool? ForceAliasCreation, IReadOnlyDictionary<string, string>? ClientMetadata);

internal sealed record ConfirmSignUpResponse();

[CognitoOperation("ConfirmSignUp")]
internal sealed class ConfirmSignUpHandler(AccountService accounts)
    : IOperationHandler<ConfirmSignUpRequest, ConfirmSignUpResponse>
{
    public async ValueTask<ConfirmSignUpResponse> HandleAsync(ConfirmSignUpRequest request, CancellationToken cancellationToken)
    {
        await accounts.ConfirmSignUpAsync(request.ClientId, request.SecretHash, request.Username, request.ConfirmationCode, request.ForceAliasCreation == true, request.ClientMetadata, cancellationToken).ConfigureAwait(false);
        return new ConfirmSignUpResponse();
    }
}

[JsonSerializable(typeof(ConfirmSignUpRequest))]
[JsonSerializable(typeof(ConfirmSignUpResponse))]
internal sealed partial class ConfirmSignUpJsonContext : JsonSerializerContext;

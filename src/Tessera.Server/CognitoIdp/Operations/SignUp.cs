// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Lifecycle;
using Tessera.Core.Users;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record SignUpRequest(string ClientId, string? SecretHash, string Username, string? Password, IReadOnlyList<AttributeType>? UserAttributes, IReadOnlyList<AttributeType>? ValidationData, IReadOnlyDictionary<string, string>? ClientMetadata);

internal sealed record SignUpResponse(bool UserConfirmed, CodeDeliveryDetails? CodeDeliveryDetails, string UserSub);

[CognitoOperation("SignUp")]
internal sealed class SignUpHandler(AccountService accounts)
    : IOperationHandler<SignUpRequest, SignUpResponse>
{
    public async ValueTask<SignUpResponse> HandleAsync(SignUpRequest request, CancellationToken cancellationToken)
    {
        var result = await accounts.SignUpAsync(request.ClientId, request.SecretHash, request.Username, request.Password, request.UserAttributes ?? [], request.ValidationData, request.ClientMetadata, cancellationToken).ConfigureAwait(false);
        return new SignUpResponse(result.UserConfirmed, result.CodeDeliveryDetails, result.UserSub);
    }
}

[JsonSerializable(typeof(SignUpRequest))]
[JsonSerializable(typeof(SignUpResponse))]
internal sealed partial class SignUpJsonContext : JsonSerializerContext;

// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Users;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record AdminConfirmSignUpRequest(string UserPoolId, string Username, IReadOnlyDictionary<string, string>? ClientMetadata);

[CognitoOperation("AdminConfirmSignUp")]
internal sealed class AdminConfirmSignUpHandler(UserMaintenance users)
    : IOperationHandler<AdminConfirmSignUpRequest, EmptyResponse>
{
    public async ValueTask<EmptyResponse> HandleAsync(AdminConfirmSignUpRequest request, CancellationToken cancellationToken)
    {
        await users.ConfirmSignUpAsync(request.UserPoolId, request.Username, cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

[JsonSerializable(typeof(AdminConfirmSignUpRequest))]
internal sealed partial class AdminConfirmSignUpJsonContext : JsonSerializerContext;

// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Auth.Mfa;
using Tessera.Core.Clients;
using Tessera.Core.Tokens;
using Tessera.Core.Users;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record GetUserRequest(string AccessToken);

internal sealed record GetUserResponse(string Username, IReadOnlyList<AttributeType> UserAttributes, string? PreferredMfaSetting, IReadOnlyList<string>? UserMFASettingList, IReadOnlyList<MFAOptionType>? MFAOptions);

[CognitoOperation("GetUser")]
internal sealed class GetUserHandler(AccessTokenValidator tokens, IAppClientStore clients)
    : IOperationHandler<GetUserRequest, GetUserResponse>
{
    public async ValueTask<GetUserResponse> HandleAsync(GetUserRequest request, CancellationToken cancellationToken)
    {
        var caller = await tokens.ValidateForUserPoolApiAsync(request.AccessToken, cancellationToken).ConfigureAwait(false);
        var mfa = MfaPreferences.EnabledList(caller.User);
        // The developer guide (Attribute permissions and scopes): GetUser returns only what the app client may read.
        var readable = new UserAttributeReads(await clients.FindAsync(caller.ClientId, cancellationToken).ConfigureAwait(false));
        var attributes = UserType.AttributesOf(caller.User).Where(a => readable.MayRead(a.Name)).ToList();
        return new GetUserResponse(caller.User.Username, attributes, caller.User.PreferredMfa, mfa.Count > 0 ? mfa : null, MfaPreferences.Options(caller.User));
    }
}

[JsonSerializable(typeof(GetUserRequest))]
[JsonSerializable(typeof(GetUserResponse))]
internal sealed partial class GetUserJsonContext : JsonSerializerContext;

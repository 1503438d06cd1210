// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Auth.Mfa;
using Tessera.Core.Tokens;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record SetUserSettingsRequest(string AccessToken, IReadOnlyList<MFAOptionType> MFAOptions);

[CognitoOperation("SetUserSettings")]
internal sealed class SetUserSettingsHandler(AccessTokenValidator tokens, MfaPreferences preferences)
    : IOperationHandler<SetUserSettingsRequest, EmptyResponse>
{
    public async ValueTask<EmptyResponse> HandleAsync(SetUserSettingsRequest request, CancellationToken cancellationToken)
    {
        var caller = await tokens.ValidateForUserPoolApiAsync(request.AccessToken, cancellationToken).ConfigureAwait(false);
        await preferences.SetSmsOptionsAsync(caller.User, request.MFAOptions, cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

[JsonSerializable(typeof(SetUserSettingsRequest))]
internal sealed partial class SetUserSettingsJsonContext : JsonSerializerContext;

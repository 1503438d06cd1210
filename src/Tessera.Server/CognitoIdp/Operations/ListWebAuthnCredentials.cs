// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Auth.Passkeys;
using Tessera.Core.Tokens;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record ListWebAuthnCredentialsRequest(string AccessToken, string? NextToken, int? MaxResults);

internal sealed record WebAuthnCredentialDescription(
    string CredentialId,
    string FriendlyCredentialName,
    string RelyingPartyId,
    string? AuthenticatorAttachment,
    IReadOnlyList<string> AuthenticatorTransports,
    DateTimeOffset CreatedAt);

internal sealed record ListWebAuthnCredentialsResponse(IReadOnlyList<WebAuthnCredentialDescription> Credentials, string? NextToken);

[CognitoOperation("ListWebAuthnCredentials")]
internal sealed class ListWebAuthnCredentialsHandler(AccessTokenValidator tokens, PasskeyService passkeys)
    : IOperationHandler<ListWebAuthnCredentialsRequest, ListWebAuthnCredentialsResponse>
{
    public async ValueTask<ListWebAuthnCredentialsResponse> HandleAsync(ListWebAuthnCredentialsRequest request, CancellationToken cancellationToken)
    {
        var caller = await tokens.ValidateForUserPoolApiAsync(request.AccessToken, cancellationToken).ConfigureAwait(false);
        var page = await passkeys.ListAsync(caller.User, request.MaxResults, request.NextToken, cancellationToken).ConfigureAwait(false);
        return new ListWebAuthnCredentialsResponse(
            [.. page.Credentials.Select(c => new WebAuthnCredentialDescription(c.CredentialId, c.FriendlyName, c.RelyingPartyId, c.AuthenticatorAttachment, c.Transports, c.CreatedAt))],
            page.NextToken);
    }
}

[JsonSerializable(typeof(ListWebAuthnCredentialsRequest))]
[JsonSerializable(typeof(ListWebAuthnCredentialsResponse))]
internal sealed partial class ListWebAuthnCredentialsJsonContext : JsonSerializerContext;

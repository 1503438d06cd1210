// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Security;

namespace Tessera.Core.Auth;

/// <summary>The state a challenge carries between calls, sealed so the client can neither read nor change it.</summary>
public sealed record AuthSessionState(
    [property: JsonPropertyName("p")] string PoolId,
    [property: JsonPropertyName("c")] string ClientId,
    [property: JsonPropertyName("u")] Guid UserId,
    [property: JsonPropertyName("n")] string ChallengeName,
    [property: JsonPropertyName("e")] long ExpiresAt,
    [property: JsonPropertyName("x")] IReadOnlyDictionary<string, string>? Extra = null);

[JsonSerializable(typeof(AuthSessionState))]
internal sealed partial class AuthSessionJsonContext : JsonSerializerContext;

public sealed class AuthSessionSealer(SecretProtector protector, TimeProvider time)
{
    private const string Purpose = "auth-session";

    public string Seal(AuthSessionState state)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(state, AuthSessionJsonContext.Default.AuthSessionState);
        return RandomIds.Base64Url(protector.Protect(json, Purpose));
    }

    /// <summary>
    /// Opens a session for <paramref name="clientId"/> (any client when null, for AssociateSoftwareToken and
    /// VerifySoftwareToken, which name none) and the expected challenge, or throws NotAuthorizedException.
    /// </summary>
    public AuthSessionState Open(string? session, string? clientId, string challengeName)
    {
        if (string.IsNullOrEmpty(session))
        {
            throw CognitoErrors.InvalidParameter("Missing required parameter Session");
        }

        var state = Read(session);
        if (state is null || (clientId is not null && state.ClientId != clientId) || state.ChallengeName != challengeName)
        {
            throw CognitoErrors.InvalidSession();
        }

        if (DateTimeOffset.FromUnixTimeSeconds(state.ExpiresAt) <= time.GetUtcNow())
        {
            throw CognitoErrors.SessionExpired();
        }

        return state;
    }

    /// <summary>The sealed state without any check, or null when it is not a session of ours: for routing a
    /// response to the flow that issued the session, which then opens it with <see cref="Open"/>.</summary>
    public AuthSessionState? Read(string? session)
        => protector.OpenJson(session, AuthSessionJsonContext.Default.AuthSessionState, Purpose);
}

// SPDX-License-Identifier: Apache-2.0
using System.Security.Cryptography;
using System.Text.Json.Serialization;
using Tessera.Core.Security;

namespace Tessera.Core.Federation;

/// <summary>
/// A sign-in sent to an upstream provider and not yet back: kept sealed in a cookie of the browser that started it,
/// so the answer is accepted only in that browser (the <c>state</c> it carries must match, OAuth 2.0 Security BCP
/// RFC 9700 §4.7), with the nonce and PKCE verifier that only Tessera knows.
/// </summary>
public sealed record FederationState(
    [property: JsonPropertyName("p")] string PoolId,
    [property: JsonPropertyName("i")] string ProviderName,
    [property: JsonPropertyName("s")] string State,
    [property: JsonPropertyName("n")] string Nonce,
    [property: JsonPropertyName("v")] string CodeVerifier,
    [property: JsonPropertyName("q")] string AuthorizeQuery,
    [property: JsonPropertyName("e")] long ExpiresAt);

[JsonSerializable(typeof(FederationState))]
internal sealed partial class FederationStateJsonContext : JsonSerializerContext;

/// <summary>Starts and seals <see cref="FederationState"/>s, and opens them again only for their own pool, unexpired.</summary>
public sealed class FederationStateSealer(SecretProtector protector, TimeProvider time)
{
    /// <summary>How long a user may take at the upstream provider.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private const string Purpose = "federation-state";

    /// <summary>A new state for a sign-in at <paramref name="providerName"/>, with fresh random state, nonce and PKCE verifier.</summary>
    public FederationState Start(string poolId, string providerName, string authorizeQuery)
        => new(poolId, providerName, RandomIds.OpaqueToken(32), RandomIds.OpaqueToken(32), RandomIds.OpaqueToken(48), authorizeQuery,
            (time.GetUtcNow() + Lifetime).ToUnixTimeSeconds());

    public string Seal(FederationState state)
        => protector.SealJson(state, FederationStateJsonContext.Default.FederationState, Purpose);

    /// <summary>The state in <paramref name="cookie"/> if it is for <paramref name="poolId"/>, unexpired, and carries <paramref name="returnedState"/>.</summary>
    public FederationState? Open(string? cookie, string poolId, string? returnedState)
        => !string.IsNullOrEmpty(returnedState)
            && protector.OpenJson(cookie, FederationStateJsonContext.Default.FederationState, Purpose) is { } state
            && state.PoolId == poolId
            && DateTimeOffset.FromUnixTimeSeconds(state.ExpiresAt) > time.GetUtcNow()
            && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(state.State), System.Text.Encoding.UTF8.GetBytes(returnedState))
            ? state
            : null;
}

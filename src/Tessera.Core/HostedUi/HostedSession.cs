// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Security;

namespace Tessera.Core.HostedUi;

/// <summary>
/// The signed-in state the hosted UI keeps in its cookie, so a second authorize skips the form. It names its server-side
/// session (<see cref="Sessions.SessionService"/>): sealing makes the cookie unforgeable, the session makes it revocable.
/// </summary>
public sealed record HostedSessionState(
    [property: JsonPropertyName("p")] string PoolId,
    [property: JsonPropertyName("u")] Guid UserId,
    [property: JsonPropertyName("s")] Guid SessionId,
    [property: JsonPropertyName("a")] long AuthTime,
    [property: JsonPropertyName("e")] long ExpiresAt);

[JsonSerializable(typeof(HostedSessionState))]
internal sealed partial class HostedSessionJsonContext : JsonSerializerContext;

/// <summary>Seals the hosted-UI session (AES-GCM under the master key: neither readable nor forgeable by the browser).</summary>
public sealed class HostedSessionSealer(SecretProtector protector, TimeProvider time)
{
    private const string Purpose = "hosted-ui-session";

    public string Seal(Sessions.UserSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var state = new HostedSessionState(session.PoolId, session.UserId, session.Id, session.CreatedAt.ToUnixTimeSeconds(), session.ExpiresAt.ToUnixTimeSeconds());
        return protector.SealJson(state, HostedSessionJsonContext.Default.HostedSessionState, Purpose);
    }

    /// <summary>The unexpired session of <paramref name="poolId"/> in <paramref name="cookie"/>, or null.</summary>
    public HostedSessionState? Open(string? cookie, string poolId)
        => protector.OpenJson(cookie, HostedSessionJsonContext.Default.HostedSessionState, Purpose) is { } state
            && state.PoolId == poolId && DateTimeOffset.FromUnixTimeSeconds(state.ExpiresAt) > time.GetUtcNow()
            ? state
            : null;
}

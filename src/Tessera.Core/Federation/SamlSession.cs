// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Security;

namespace Tessera.Core.Federation;

/// <summary>
/// Who a SAML sign-in was at the IdP (NameID and the IdP's SessionIndex) and the user it signed in (its sub): kept sealed
/// in a cookie beside the hosted-UI session, so <c>/logout</c> can ask the IdP to end that session too when the provider
/// has IDPSignout, and a LogoutRequest the IdP sends through this browser finds the user whatever its username is.
/// </summary>
public sealed record SamlSession(
    [property: JsonPropertyName("p")] string PoolId,
    [property: JsonPropertyName("i")] string ProviderName,
    [property: JsonPropertyName("n")] string NameId,
    [property: JsonPropertyName("s")] string? SessionIndex,
    [property: JsonPropertyName("u")] Guid? UserId = null);

[JsonSerializable(typeof(SamlSession))]
internal sealed partial class SamlSessionJsonContext : JsonSerializerContext;

/// <summary>Seals <see cref="SamlSession"/>s and opens them again only for their own pool.</summary>
public sealed class SamlSessionSealer(SecretProtector protector)
{
    private const string Purpose = "saml-session";

    public string Seal(SamlSession session) => protector.SealJson(session, SamlSessionJsonContext.Default.SamlSession, Purpose);

    public SamlSession? Open(string? cookie, string poolId)
        => protector.OpenJson(cookie, SamlSessionJsonContext.Default.SamlSession, Purpose) is { } session && session.PoolId == poolId ? session : null;
}

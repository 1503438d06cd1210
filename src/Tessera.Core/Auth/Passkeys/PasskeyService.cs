// SPDX-License-Identifier: Apache-2.0
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Fido2NetLib;
using Fido2NetLib.Exceptions;
using Fido2NetLib.Objects;
using Fido2NetLib.Serialization;
using Tessera.Core.Auth.Passwordless;
using Tessera.Core.Errors;
using Tessera.Core.HostedUi;
using Tessera.Core.Lifecycle;
using Tessera.Core.Paging;
using Tessera.Core.Pools;
using Tessera.Core.Security;
using Tessera.Core.Tokens;
using Tessera.Core.Users;

namespace Tessera.Core.Auth.Passkeys;

/// <summary>What a registration challenge binds: the user, the client that asked, the relying party and its deadline.</summary>
internal sealed record PasskeyRegistrationState(
    [property: JsonPropertyName("p")] string PoolId,
    [property: JsonPropertyName("c")] string ClientId,
    [property: JsonPropertyName("u")] Guid UserId,
    [property: JsonPropertyName("r")] string RelyingPartyId,
    [property: JsonPropertyName("e")] long ExpiresAt,
    [property: JsonPropertyName("n")] string Nonce);

[JsonSerializable(typeof(PasskeyRegistrationState))]
internal sealed partial class PasskeyJsonContext : JsonSerializerContext;

/// <summary>A WEB_AUTHN sign-in challenge: the CREDENTIAL_REQUEST_OPTIONS the browser needs and the challenge to check the answer against.</summary>
public sealed record PasskeyAssertionChallenge(string RequestOptionsJson, string Challenge);

/// <summary>One page of ListWebAuthnCredentials.</summary>
public sealed record PasskeyPage(IReadOnlyList<WebAuthnCredential> Credentials, string? NextToken);

/// <summary>
/// Passkeys (WebAuthn) for a user pool: registration (StartWebAuthnRegistration / CompleteWebAuthnRegistration), the
/// list and deletion of a user's passkeys, and the WEB_AUTHN sign-in challenge and its verification. The attestation
/// and assertion checks (challenge, RP id hash, user presence and verification, signature, attestation statement) are
/// the Fido2 library's; the pool's rules around them are <see cref="PasskeyRules"/>. Challenges are single use: each
/// is kept as a keyed hash in the verification-code store and consumed by the one answer it accepts.
/// </summary>
public sealed class PasskeyService(
    IWebAuthnCredentialStore credentials,
    IVerificationCodeStore challenges,
    IUserPoolDomainStore domains,
    SecretProtector protector,
    TimeProvider time)
{
    private const string RegistrationPurpose = "WEBAUTHN_REGISTRATION";
    private const string SignInPurpose = "WEBAUTHN_SIGN_IN";
    private const string ListKind = "webauthn";

    private static readonly IReadOnlyList<PubKeyCredParam> Algorithms = [PubKeyCredParam.ES256, PubKeyCredParam.RS256];

    /// <summary>StartWebAuthnRegistration: the CredentialCreationOptions for navigator.credentials.create, with a sealed, single-use challenge.</summary>
    public async Task<JsonElement> StartRegistrationAsync(UserPool pool, AuthenticatedUser caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(caller);
        RequireEnabled(pool);
        var rpId = await RelyingPartyIdAsync(pool, cancellationToken).ConfigureAwait(false);
        var user = caller.User;
        var existing = await credentials.ListAsync(pool.Id, user.Id, cancellationToken).ConfigureAwait(false);
        if (existing.Count >= PasskeyRules.MaxCredentialsPerUser)
        {
            throw CognitoErrors.LimitExceeded($"A user can register at most {PasskeyRules.MaxCredentialsPerUser} passkeys.");
        }

        var expires = time.GetUtcNow() + PasskeyRules.ChallengeLifetime;
        var state = new PasskeyRegistrationState(pool.Id, caller.ClientId, user.Id, rpId, expires.ToUnixTimeSeconds(), RandomIds.OpaqueToken(16));
        var challenge = protector.SealJson(state, PasskeyJsonContext.Default.PasskeyRegistrationState, RegistrationPurpose);
        await SaveChallengeAsync(user, RegistrationPurpose, challenge, expires, cancellationToken).ConfigureAwait(false);

        var options = CreationOptions(pool, user, rpId, Base64Url.DecodeFromChars(challenge), [.. existing.Select(Descriptor)]);
        using var document = JsonDocument.Parse(options.ToJson());
        return document.RootElement.Clone();
    }

    /// <summary>CompleteWebAuthnRegistration: verifies the RegistrationResponseJSON against its challenge and keeps the public key.</summary>
    public async Task<WebAuthnCredential> CompleteRegistrationAsync(UserPool pool, AuthenticatedUser caller, JsonElement credential, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(caller);
        RequireEnabled(pool);
        var user = caller.User;
        var raw = ReadAttestation(credential);
        if (raw is null)
        {
            throw CognitoErrors.InvalidParameter("Credential must be a RegistrationResponseJSON.");
        }

        var clientData = ClientData.Read(raw.Response.ClientDataJson);
        var state = protector.OpenJson(clientData.Challenge, PasskeyJsonContext.Default.PasskeyRegistrationState, RegistrationPurpose);
        if (state is null || state.PoolId != pool.Id || state.UserId != user.Id
            || DateTimeOffset.FromUnixTimeSeconds(state.ExpiresAt) <= time.GetUtcNow())
        {
            throw CognitoErrors.WebAuthnChallengeNotFound();
        }

        if (state.ClientId != caller.ClientId)
        {
            throw CognitoErrors.WebAuthnClientMismatch();
        }

        var rpId = await RelyingPartyIdAsync(pool, cancellationToken).ConfigureAwait(false);
        if (!string.Equals(rpId, state.RelyingPartyId, StringComparison.Ordinal))
        {
            throw CognitoErrors.WebAuthnRelyingPartyMismatch();
        }

        if (!PasskeyRules.IsAllowedOrigin(clientData.Origin, rpId))
        {
            throw CognitoErrors.WebAuthnOriginNotAllowed();
        }

        if (!await challenges.TryConsumeAsync(user.Id, RegistrationPurpose, protector.KeyedHash(clientData.Challenge!), cancellationToken).ConfigureAwait(false))
        {
            throw CognitoErrors.WebAuthnChallengeNotFound();
        }

        RegisteredPublicKeyCredential made;
        try
        {
            made = await Fido(pool, rpId, clientData.Origin!).MakeNewCredentialAsync(new MakeNewCredentialParams
            {
                AttestationResponse = raw,
                OriginalOptions = CreationOptions(pool, user, rpId, Base64Url.DecodeFromChars(clientData.Challenge), []),
                IsCredentialIdUniqueToUserCallback = async (args, ct) => await credentials.FindAsync(pool.Id, Base64Url.EncodeToString(args.CredentialId), ct).ConfigureAwait(false) is null,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Fido2VerificationException e)
        {
            throw e.Code switch
            {
                Fido2ErrorCode.InvalidRpidHash => CognitoErrors.WebAuthnRelyingPartyMismatch(),
                Fido2ErrorCode.InvalidAuthenticatorResponseOrigin or Fido2ErrorCode.CrossOriginRequestNotAllowed => CognitoErrors.WebAuthnOriginNotAllowed(),
                Fido2ErrorCode.InvalidAuthenticatorResponseChallenge => CognitoErrors.WebAuthnChallengeNotFound(),
                Fido2ErrorCode.NonUniqueCredentialId => CognitoErrors.InvalidParameter("This passkey is registered already."),
                Fido2ErrorCode.UserVerificationRequirementNotMet or Fido2ErrorCode.CredentialAlgorithmRequirementNotMet
                    or Fido2ErrorCode.UnimplementedAlgorithm or Fido2ErrorCode.UnknownAttestationType => CognitoErrors.WebAuthnCredentialNotSupported(),
                _ => CognitoErrors.InvalidParameter("The passkey registration could not be verified."),
            };
        }

        var record = new WebAuthnCredential
        {
            CredentialId = Base64Url.EncodeToString(made.Id),
            PoolId = pool.Id,
            UserId = user.Id,
            PublicKey = made.PublicKey,
            SignCount = made.SignCount,
            Transports = [.. (made.Transports ?? []).Select(TransportName)],
            Aaguid = made.AaGuid,
            FriendlyName = FriendlyName(credential),
            RelyingPartyId = rpId,
            AuthenticatorAttachment = Attachment(credential),
            CreatedAt = time.GetUtcNow(),
        };
        if (await credentials.CountAsync(pool.Id, user.Id, cancellationToken).ConfigureAwait(false) >= PasskeyRules.MaxCredentialsPerUser)
        {
            throw CognitoErrors.LimitExceeded($"A user can register at most {PasskeyRules.MaxCredentialsPerUser} passkeys.");
        }

        return await credentials.TryAddAsync(record, cancellationToken).ConfigureAwait(false)
            ? record
            : throw CognitoErrors.InvalidParameter("This passkey is registered already.");
    }

    /// <summary>ListWebAuthnCredentials: the user's passkeys, oldest first, <paramref name="maxResults"/> (at most 20) a page.</summary>
    public async Task<PasskeyPage> ListAsync(User user, int? maxResults, string? nextToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (maxResults is < 0 or > PasskeyRules.MaxCredentialsPerUser)
        {
            throw CognitoErrors.InvalidParameter($"MaxResults must be between 0 and {PasskeyRules.MaxCredentialsPerUser}.");
        }

        var after = PageToken.Decode(ListKind, nextToken);
        var all = await credentials.ListAsync(user.PoolId, user.Id, cancellationToken).ConfigureAwait(false);
        var start = after is null ? 0 : all.Select(c => c.CredentialId).ToList().IndexOf(after) + 1;
        if (after is not null && start == 0)
        {
            throw CognitoErrors.InvalidPaginationToken();
        }

        var limit = maxResults is null or 0 ? PasskeyRules.MaxCredentialsPerUser : maxResults.Value;
        var (page, next) = PageToken.Slice([.. all.Skip(start)], limit, ListKind, c => c.CredentialId);
        return new PasskeyPage(page, next);
    }

    /// <summary>DeleteWebAuthnCredential: removes one of the user's passkeys (ResourceNotFoundException when the user has no such passkey).</summary>
    public async Task DeleteAsync(User user, string credentialId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (string.IsNullOrEmpty(credentialId) || !await credentials.DeleteAsync(user.PoolId, user.Id, credentialId, cancellationToken).ConfigureAwait(false))
        {
            throw CognitoErrors.ResourceNotFound("The passkey does not exist.");
        }
    }

    /// <summary>How many passkeys the user can sign in with, for AvailableChallenges and GetUserAuthFactors (0 when the pool does not allow WEB_AUTHN).</summary>
    public async Task<int> CountAsync(UserPool pool, User user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(user);
        return FirstFactors.Allows(pool.Settings, FirstFactors.WebAuthn)
            ? await credentials.CountAsync(pool.Id, user.Id, cancellationToken).ConfigureAwait(false)
            : 0;
    }

    /// <summary>
    /// The WEB_AUTHN challenge: CREDENTIAL_REQUEST_OPTIONS naming the user's passkeys and a fresh challenge, kept single use
    /// until <paramref name="expires"/>. An unknown user (under PreventUserExistenceErrors) gets options no answer satisfies.
    /// </summary>
    public async Task<PasskeyAssertionChallenge> StartSignInAsync(UserPool pool, User? user, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var rpId = await RelyingPartyIdAsync(pool, cancellationToken).ConfigureAwait(false);
        var challenge = RandomIds.OpaqueToken(32);
        IReadOnlyList<PublicKeyCredentialDescriptor> allowed = [];
        if (user is not null)
        {
            allowed = [.. (await credentials.ListAsync(pool.Id, user.Id, cancellationToken).ConfigureAwait(false)).Select(Descriptor)];
            await SaveChallengeAsync(user, SignInPurpose, challenge, expires, cancellationToken).ConfigureAwait(false);
        }

        var options = AssertionOptions.Create(Configuration(pool, rpId, null), Base64Url.DecodeFromChars(challenge), allowed, Verification(pool), null);
        return new PasskeyAssertionChallenge(options.ToJson(), challenge);
    }

    /// <summary>
    /// The answer to WEB_AUTHN: an AuthenticationResponseJSON for <paramref name="challenge"/>, from one of the user's
    /// passkeys, on an allowed origin, for this relying party, with a valid signature and a counter that moved on. The
    /// challenge is consumed first, so a replayed answer is refused. Throws NotAuthorizedException otherwise.
    /// </summary>
    public async Task VerifySignInAsync(UserPool pool, User user, string challenge, string credentialJson, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(user);
        AuthenticatorAssertionRawResponse? raw;
        try
        {
            using var document = JsonDocument.Parse(credentialJson);
            raw = Parse(document.RootElement, FidoModelSerializerContext.Default.AuthenticatorAssertionRawResponse);
        }
        catch (JsonException)
        {
            raw = null;
        }

        if (raw?.Response?.ClientDataJson is null || raw.Response.AuthenticatorData is null || raw.Response.Signature is null || string.IsNullOrEmpty(raw.Id))
        {
            throw CognitoErrors.InvalidParameter("CREDENTIAL must be an AuthenticationResponseJSON.");
        }

        var stored = await credentials.FindAsync(pool.Id, raw.Id, cancellationToken).ConfigureAwait(false);
        if (stored is null || stored.UserId != user.Id)
        {
            throw CognitoErrors.NotAuthorized("The passkey is not registered for this user.");
        }

        var rpId = await RelyingPartyIdAsync(pool, cancellationToken).ConfigureAwait(false);
        var clientData = ClientData.Read(raw.Response.ClientDataJson);
        if (!string.Equals(stored.RelyingPartyId, rpId, StringComparison.Ordinal))
        {
            throw CognitoErrors.NotAuthorized("The passkey belongs to another relying party.");
        }

        if (!PasskeyRules.IsAllowedOrigin(clientData.Origin, rpId))
        {
            throw CognitoErrors.NotAuthorized("The passkey was used from an origin this user pool does not allow.");
        }

        if (!await challenges.TryConsumeAsync(user.Id, SignInPurpose, protector.KeyedHash(challenge), cancellationToken).ConfigureAwait(false))
        {
            throw CognitoErrors.SessionUsed();
        }

        VerifyAssertionResult result;
        try
        {
            var fido = Fido(pool, rpId, clientData.Origin!);
            result = await fido.MakeAssertionAsync(new MakeAssertionParams
            {
                AssertionResponse = raw,
                OriginalOptions = AssertionOptions.Create(Configuration(pool, rpId, clientData.Origin), Base64Url.DecodeFromChars(challenge), [Descriptor(stored)], Verification(pool), null),
                StoredPublicKey = stored.PublicKey,
                StoredSignatureCounter = (uint)stored.SignCount,
                IsUserHandleOwnerOfCredentialIdCallback = (args, _) => Task.FromResult(args.UserHandle is null || args.UserHandle.AsSpan().SequenceEqual(UserHandle(user))),
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Fido2VerificationException e)
        {
            throw CognitoErrors.NotAuthorized(e.Code switch
            {
                Fido2ErrorCode.InvalidSignCount => "The passkey's signature counter did not advance: the authenticator may be cloned.",
                Fido2ErrorCode.InvalidRpidHash => "The passkey belongs to another relying party.",
                Fido2ErrorCode.UserVerificationRequirementNotMet => "The passkey did not verify the user, which this user pool requires.",
                _ => "The passkey could not be verified.",
            });
        }

        // Checked here as well as by the library: a counter that went back to zero is a clone too (WebAuthn §7.2 step 22).
        if (!PasskeyRules.IsCounterAccepted(stored.SignCount, result.SignCount)
            || !await credentials.TryRecordUseAsync(pool.Id, stored.CredentialId, stored.SignCount, result.SignCount, time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            throw CognitoErrors.NotAuthorized("The passkey's signature counter did not advance: the authenticator may be cloned.");
        }
    }

    private static void RequireEnabled(UserPool pool)
    {
        if (!FirstFactors.Allows(pool.Settings, FirstFactors.WebAuthn))
        {
            throw CognitoErrors.WebAuthnNotEnabled();
        }
    }

    private async Task<string> RelyingPartyIdAsync(UserPool pool, CancellationToken cancellationToken)
    {
        var poolDomains = pool.Settings.WebAuthnConfiguration?.RelyingPartyId is { Length: > 0 }
            ? []
            : await domains.ListForPoolAsync(pool.Id, cancellationToken).ConfigureAwait(false);
        return PasskeyRules.RelyingPartyId(pool, poolDomains) ?? throw CognitoErrors.WebAuthnConfigurationMissing();
    }

    private async Task SaveChallengeAsync(User user, string purpose, string challenge, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await challenges.SaveAsync(new VerificationCode
        {
            UserId = user.Id,
            PoolId = user.PoolId,
            Purpose = purpose,
            CodeHash = protector.KeyedHash(challenge),
            CreatedAt = now,
            ExpiresAt = expires,
            FailureWindowStart = now,
            SendWindowStart = now,
            SendCount = 1,
        }, cancellationToken).ConfigureAwait(false);
    }

    private static CredentialCreateOptions CreationOptions(UserPool pool, User user, string rpId, byte[] challenge, IReadOnlyList<PublicKeyCredentialDescriptor> exclude)
        => CredentialCreateOptions.Create(
            Configuration(pool, rpId, null),
            challenge,
            new Fido2User { Id = UserHandle(user), Name = user.Username, DisplayName = user.GetAttribute("name") ?? user.Username },
            new AuthenticatorSelection { ResidentKey = ResidentKeyRequirement.Required, UserVerification = Verification(pool) },
            AttestationConveyancePreference.None,
            exclude,
            null,
            Algorithms);

    private static Fido2 Fido(UserPool pool, string rpId, string origin) => new(Configuration(pool, rpId, origin));

    private static Fido2Configuration Configuration(UserPool pool, string rpId, string? origin) => new()
    {
        RPID = rpId,
        RPName = pool.Name,
        Timeout = (uint)PasskeyRules.ChallengeLifetime.TotalMilliseconds,
        // The origin was checked against the RP id by PasskeyRules; the library then checks the response names it.
        Origins = origin is null ? new HashSet<string>() : new HashSet<string> { origin },
    };

    private static UserVerificationRequirement Verification(UserPool pool)
        => FirstFactors.UserVerification(pool.Settings) == "required" ? UserVerificationRequirement.Required : UserVerificationRequirement.Preferred;

    /// <summary>The WebAuthn user handle: the user's sub, which never changes and names no one.</summary>
    private static byte[] UserHandle(User user) => Encoding.UTF8.GetBytes(user.Sub);

    private static PublicKeyCredentialDescriptor Descriptor(WebAuthnCredential credential)
        => new(PublicKeyCredentialType.PublicKey, Base64Url.DecodeFromChars(credential.CredentialId), null);

    private static T? Parse<T>(JsonElement element, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
        where T : class
    {
        try
        {
            return element.ValueKind == JsonValueKind.Object ? element.Deserialize(typeInfo) : null;
        }
        catch (Exception e) when (e is JsonException or FormatException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>A RegistrationResponseJSON (WebAuthn §5.1) as the library takes it, or null when it is not one.</summary>
    private static AuthenticatorAttestationRawResponse? ReadAttestation(JsonElement credential)
    {
        if (credential.ValueKind != JsonValueKind.Object || Text(credential, "type") != "public-key" || Text(credential, "id") is not { Length: > 0 } id
            || !credential.TryGetProperty("response", out var response) || response.ValueKind != JsonValueKind.Object
            || Bytes(response, "clientDataJSON") is not { } clientData || Bytes(response, "attestationObject") is not { } attestation
            || Bytes(credential, "rawId") is not { } rawId)
        {
            return null;
        }

        var transports = response.TryGetProperty("transports", out var t) && t.ValueKind == JsonValueKind.Array
            ? t.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? Transport(v.GetString()) : null).OfType<AuthenticatorTransport>().ToArray()
            : [];
        return new AuthenticatorAttestationRawResponse
        {
            Id = id,
            RawId = rawId,
            Type = PublicKeyCredentialType.PublicKey,
            Response = new AuthenticatorAttestationRawResponse.AttestationResponse
            {
                ClientDataJson = clientData,
                AttestationObject = attestation,
                Transports = transports,
            },
            ClientExtensionResults = new AuthenticationExtensionsClientOutputs(),
        };
    }

    private static string? Text(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static byte[]? Bytes(JsonElement element, string name)
    {
        try
        {
            return Text(element, name) is { } text ? Base64Url.DecodeFromChars(text) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static AuthenticatorTransport? Transport(string? name) => name switch
    {
        "usb" => AuthenticatorTransport.Usb,
        "nfc" => AuthenticatorTransport.Nfc,
        "ble" => AuthenticatorTransport.Ble,
        "smart-card" => AuthenticatorTransport.SmartCard,
        "hybrid" => AuthenticatorTransport.Hybrid,
        "internal" => AuthenticatorTransport.Internal,
        _ => null,
    };

    private static string TransportName(AuthenticatorTransport transport) => transport switch
    {
        AuthenticatorTransport.Usb => "usb",
        AuthenticatorTransport.Nfc => "nfc",
        AuthenticatorTransport.Ble => "ble",
        AuthenticatorTransport.SmartCard => "smart-card",
        AuthenticatorTransport.Hybrid => "hybrid",
        _ => "internal",
    };

    private static string? Attachment(JsonElement credential)
        => credential.TryGetProperty("authenticatorAttachment", out var a) && a.GetString() is "platform" or "cross-platform" ? a.GetString() : null;

    /// <summary>ListWebAuthnCredentials' "automatically-generated friendly name".</summary>
    private static string FriendlyName(JsonElement credential) => Attachment(credential) switch
    {
        "platform" => "Platform passkey",
        "cross-platform" => "Security key passkey",
        _ => "Passkey",
    };

    /// <summary>The fields of CollectedClientData (WebAuthn §5.8.1) read before the library's checks.</summary>
    private sealed record ClientData(string? Challenge, string? Origin)
    {
        public static ClientData Read(byte[] json)
        {
            try
            {
                using var document = JsonDocument.Parse(json);
                var root = document.RootElement;
                return new ClientData(
                    root.TryGetProperty("challenge", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null,
                    root.TryGetProperty("origin", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null);
            }
            catch (JsonException)
            {
                throw CognitoErrors.InvalidParameter("The credential's clientDataJSON is not JSON.");
            }
        }
    }
}

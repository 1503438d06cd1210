// SPDX-License-Identifier: Apache-2.0
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Core.Tests.Auth.Passkeys;

/// <summary>
/// A passkey authenticator in software (WebAuthn §6): one ES256 key, "none" attestation, a signature counter. It
/// answers creation and request options as a browser would, and lets a test lie (origin, RP id, counter, flags).
/// </summary>
internal sealed class SoftwareAuthenticator : IDisposable
{
    private readonly ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public byte[] CredentialId { get; } = RandomNumberGenerator.GetBytes(32);

    public string Id => Base64Url.EncodeToString(CredentialId);

    public uint Counter { get; set; }

    /// <summary>Whether the authenticator reports user verification (the UV flag).</summary>
    public bool VerifiesUser { get; set; } = true;

    public void Dispose() => key.Dispose();

    /// <summary>A RegistrationResponseJSON for CredentialCreationOptions.</summary>
    public JsonElement Register(JsonElement options, string origin, string? rpId = null)
    {
        rpId ??= options.GetProperty("rp").GetProperty("id").GetString()!;
        var clientData = ClientData("webauthn.create", options.GetProperty("challenge").GetString()!, origin);
        var authData = AuthData(rpId, attested: true);
        var cbor = new CborWriter();
        cbor.WriteStartMap(3);
        cbor.WriteTextString("fmt");
        cbor.WriteTextString("none");
        cbor.WriteTextString("attStmt");
        cbor.WriteStartMap(0);
        cbor.WriteEndMap();
        cbor.WriteTextString("authData");
        cbor.WriteByteString(authData);
        cbor.WriteEndMap();
        var json = new JsonObject
        {
            ["id"] = Id,
            ["rawId"] = Id,
            ["type"] = "public-key",
            ["authenticatorAttachment"] = "platform",
            ["clientExtensionResults"] = new JsonObject(),
            ["response"] = new JsonObject
            {
                ["clientDataJSON"] = Base64Url.EncodeToString(clientData),
                ["attestationObject"] = Base64Url.EncodeToString(cbor.Encode()),
                ["transports"] = new JsonArray("internal", "hybrid"),
            },
        };
        return JsonDocument.Parse(json.ToJsonString()).RootElement.Clone();
    }

    /// <summary>An AuthenticationResponseJSON (as a string, the way RespondToAuthChallenge carries it) for CREDENTIAL_REQUEST_OPTIONS.</summary>
    public string Assert(string requestOptionsJson, string origin, string? rpId = null, byte[]? userHandle = null)
    {
        using var options = JsonDocument.Parse(requestOptionsJson);
        rpId ??= options.RootElement.GetProperty("rpId").GetString()!;
        var clientData = ClientData("webauthn.get", options.RootElement.GetProperty("challenge").GetString()!, origin);
        var authData = AuthData(rpId, attested: false);
        var signature = key.SignData([.. authData, .. SHA256.HashData(clientData)], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var response = new JsonObject
        {
            ["clientDataJSON"] = Base64Url.EncodeToString(clientData),
            ["authenticatorData"] = Base64Url.EncodeToString(authData),
            ["signature"] = Base64Url.EncodeToString(signature),
        };
        if (userHandle is not null)
        {
            response["userHandle"] = Base64Url.EncodeToString(userHandle);
        }

        return new JsonObject
        {
            ["id"] = Id,
            ["rawId"] = Id,
            ["type"] = "public-key",
            ["clientExtensionResults"] = new JsonObject(),
            ["response"] = response,
        }.ToJsonString();
    }

    private static byte[] ClientData(string type, string challenge, string origin)
        => Encoding.UTF8.GetBytes(new JsonObject { ["type"] = type, ["challenge"] = challenge, ["origin"] = origin, ["crossOrigin"] = false }.ToJsonString());

    private byte[] AuthData(string rpId, bool attested)
    {
        var data = new List<byte>(SHA256.HashData(Encoding.UTF8.GetBytes(rpId)));
        // UP, UV when the user was verified, AT with the credential on registration.
        data.Add((byte)(0x01 | (VerifiesUser ? 0x04 : 0) | (attested ? 0x40 : 0)));
        var counter = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(counter, Counter);
        data.AddRange(counter);
        if (attested)
        {
            data.AddRange(new byte[16]);
            data.Add((byte)(CredentialId.Length >> 8));
            data.Add((byte)CredentialId.Length);
            data.AddRange(CredentialId);
            var point = key.ExportParameters(false).Q;
            var cose = new CborWriter();
            cose.WriteStartMap(5);
            cose.WriteInt32(1);
            cose.WriteInt32(2);
            cose.WriteInt32(3);
            cose.WriteInt32(-7);
            cose.WriteInt32(-1);
            cose.WriteInt32(1);
            cose.WriteInt32(-2);
            cose.WriteByteString(point.X!);
            cose.WriteInt32(-3);
            cose.WriteByteString(point.Y!);
            cose.WriteEndMap();
            data.AddRange(cose.Encode());
        }

        return [.. data];
    }
}

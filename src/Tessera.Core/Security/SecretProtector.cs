// SPDX-License-Identifier: Apache-2.0
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Tessera.Core.Security;

/// <summary>Seals secrets with AES-256-GCM under the master key, which never enters the database.</summary>
public sealed class SecretProtector
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const byte FormatVersion = 1;
    private readonly byte[] key;
    private readonly byte[] macKey;

    public SecretProtector(byte[] masterKey)
    {
        ArgumentNullException.ThrowIfNull(masterKey);
        if (masterKey.Length != 32)
        {
            throw new ArgumentException("The master key must be 32 bytes.", nameof(masterKey));
        }

        // Separate keys for encryption and keyed hashing, derived so one key material serves both.
        key = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, info: "tessera/encrypt"u8.ToArray());
        macKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, info: "tessera/mac"u8.ToArray());
        KeyId = Convert.ToHexStringLower(HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 8, info: "tessera/key-id"u8.ToArray()));
    }

    /// <summary>
    /// A short name of the master key, derived one way (it tells nothing of the key): a snapshot records it,
    /// so a restore under another key is refused instead of leaving signing keys nobody can open.
    /// </summary>
    public string KeyId { get; }

    public byte[] Protect(ReadOnlySpan<byte> plaintext, string purpose)
    {
        var output = new byte[1 + NonceSize + TagSize + plaintext.Length];
        output[0] = FormatVersion;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(1 + NonceSize + TagSize), output.AsSpan(1 + NonceSize, TagSize), Encoding.UTF8.GetBytes(purpose));
        return output;
    }

    public byte[] Unprotect(ReadOnlySpan<byte> sealedData, string purpose)
    {
        if (sealedData.Length < 1 + NonceSize + TagSize || sealedData[0] != FormatVersion)
        {
            throw new CryptographicException("Sealed data is malformed.");
        }

        var plaintext = new byte[sealedData.Length - 1 - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedData.Slice(1, NonceSize), sealedData[(1 + NonceSize + TagSize)..], sealedData.Slice(1 + NonceSize, TagSize), plaintext, Encoding.UTF8.GetBytes(purpose));
        return plaintext;
    }

    /// <summary>Seals <paramref name="value"/> as JSON into a URL-safe string, for state the browser carries but must neither read nor forge.</summary>
    public string SealJson<T>(T value, JsonTypeInfo<T> typeInfo, string purpose)
        => RandomIds.Base64Url(Protect(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo), purpose));

    /// <summary>The value <see cref="SealJson"/> sealed for <paramref name="purpose"/>, or null when the text is not one of ours.</summary>
    public T? OpenJson<T>(string? sealedText, JsonTypeInfo<T> typeInfo, string purpose)
        where T : class
    {
        if (string.IsNullOrEmpty(sealedText))
        {
            return null;
        }

        try
        {
            var bytes = Convert.FromBase64String(sealedText.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (sealedText.Length % 4)) % 4));
            return JsonSerializer.Deserialize(Unprotect(bytes, purpose), typeInfo);
        }
        catch (Exception e) when (e is FormatException or CryptographicException or JsonException)
        {
            return null;
        }
    }

    public byte[] ProtectString(string value, string purpose) => Protect(Encoding.UTF8.GetBytes(value), purpose);

    public string UnprotectString(byte[] sealedData, string purpose) => Encoding.UTF8.GetString(Unprotect(sealedData, purpose));

    /// <summary>A fast keyed hash for high-entropy secrets (refresh tokens, client secrets, codes).</summary>
    public byte[] KeyedHash(string value) => HMACSHA256.HashData(macKey, Encoding.UTF8.GetBytes(value));

    /// <summary>
    /// The key of <see cref="KeyedHash"/>, for an export that carries refresh tokens (stored as keyed hashes) to another
    /// deployment, which keeps it to find them (docs/portability.md). It is derived one way: it opens no sealed secret.
    /// </summary>
    internal byte[] KeyedHashKey => (byte[])macKey.Clone();
}

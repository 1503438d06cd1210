// SPDX-License-Identifier: Apache-2.0
using System.Security.Cryptography;
using System.Text;

namespace Tessera.Core.Portability;

/// <summary>How an export file holds its secrets: the <c>secrets</c> object at the top of the file (docs/portability.md).</summary>
public sealed record SecretsHeader
{
    /// <summary><see cref="PortableSecrets.Sealed"/> or <see cref="PortableSecrets.Plaintext"/>.</summary>
    public required string Protection { get; init; }

    /// <summary>PBKDF2-HMAC-SHA256 iterations that turn the operator's key into the file key.</summary>
    public int? Iterations { get; init; }

    /// <summary>Base64 of the PBKDF2 salt (16 random bytes per file).</summary>
    public string? Salt { get; init; }

    /// <summary>A known text sealed with the file key, so a wrong key is refused before anything is imported.</summary>
    public string? Check { get; init; }
}

/// <summary>
/// Seals the secrets an export file carries (client secrets, SRP verifiers, TOTP secrets, private keys) under a key
/// the operator supplies, never the master key: AES-256-GCM with a key derived by PBKDF2-HMAC-SHA256 from the
/// operator's key and a random salt kept in the file. Each value is bound (GCM associated data) to the field and
/// the object it belongs to, so a sealed value moved to another user does not open. Files in plaintext carry each
/// secret in its plain form; they are written only when the operator asks for them explicitly.
/// </summary>
public sealed class PortableSecrets
{
    public const string Sealed = "aes-256-gcm+pbkdf2-sha256";
    public const string Plaintext = "plaintext";

    /// <summary>OWASP's minimum for PBKDF2-HMAC-SHA256, as for passwords: the operator's key may be a passphrase.</summary>
    public const int DefaultIterations = 600_000;

    /// <summary>Beyond this a file's KDF cost is refused: a crafted file must not hold an import for hours.</summary>
    public const int MaxIterations = 10_000_000;

    private const int SaltSize = 16;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const string CheckText = "tessera-export-secrets";
    private const string CheckLabel = "check";
    private readonly byte[]? key;

    private PortableSecrets(SecretsHeader header, byte[]? key)
    {
        Header = header;
        this.key = key;
    }

    public SecretsHeader Header { get; }

    public bool IsPlaintext => key is null;

    /// <summary>Secrets written in their plain form (<c>--plaintext-secrets</c>).</summary>
    public static PortableSecrets CreatePlaintext() => new(new SecretsHeader { Protection = Plaintext }, null);

    /// <summary>A new file key from <paramref name="operatorKey"/> and a fresh salt.</summary>
    public static PortableSecrets Create(string operatorKey, int iterations = DefaultIterations)
    {
        RequireKey(operatorKey);
        if (iterations is < 1 or > MaxIterations)
        {
            throw new ArgumentOutOfRangeException(nameof(iterations));
        }

        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var secrets = new PortableSecrets(new SecretsHeader { Protection = Sealed }, Derive(operatorKey, salt, iterations));
        return new PortableSecrets(
            new SecretsHeader { Protection = Sealed, Iterations = iterations, Salt = Convert.ToBase64String(salt), Check = secrets.Seal(CheckText, CheckLabel) },
            secrets.key);
    }

    /// <summary>Opens the secrets of a file whose header is <paramref name="header"/>.</summary>
    /// <exception cref="PortabilityException">The header is unknown, or the key is missing or wrong.</exception>
    public static PortableSecrets Open(SecretsHeader? header, string? operatorKey)
    {
        if (header is null || header.Protection == Plaintext)
        {
            return CreatePlaintext();
        }

        if (header.Protection != Sealed)
        {
            throw new PortabilityException($"The file's secrets use protection \"{header.Protection}\", which this Tessera does not know (it knows \"{Sealed}\" and \"{Plaintext}\").");
        }

        if (string.IsNullOrEmpty(operatorKey))
        {
            throw new PortabilityException("The file's secrets are sealed: give the key they were exported with (--secrets-key, or the environment variable TESSERA_SECRETS_KEY).");
        }

        if (header.Iterations is not (>= 1 and <= MaxIterations) || header.Check is null || !TryBase64(header.Salt, out var salt) || salt.Length < SaltSize)
        {
            throw new PortabilityException("The file's \"secrets\" header is malformed: it needs iterations (1 to 10,000,000), a base64 salt of 16 bytes or more, and check.");
        }

        var secrets = new PortableSecrets(header, Derive(operatorKey, salt, header.Iterations.Value));
        if (secrets.TryOpen(header.Check, CheckLabel) != CheckText)
        {
            throw new PortabilityException("The secrets key does not open this file's secrets: it is not the key the file was exported with.");
        }

        return secrets;
    }

    /// <summary>The value to write for the secret <paramref name="plain"/> of the field <paramref name="label"/>.</summary>
    public string Seal(string plain, string label)
    {
        ArgumentNullException.ThrowIfNull(plain);
        if (key is null)
        {
            return plain;
        }

        var input = Encoding.UTF8.GetBytes(plain);
        var output = new byte[NonceSize + TagSize + input.Length];
        RandomNumberGenerator.Fill(output.AsSpan(0, NonceSize));
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(output.AsSpan(0, NonceSize), input, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(label));
        return Convert.ToBase64String(output);
    }

    /// <summary>The plain form of the secret <paramref name="value"/> read from the field <paramref name="label"/>.</summary>
    /// <exception cref="PortabilityException">The value was not sealed by this file's key for this field.</exception>
    public string Open(string value, string label)
        => TryOpen(value, label) ?? throw new PortabilityException($"The secret {label} does not open with the file's key: the file was altered, or the value belongs to another field.");

    private string? TryOpen(string value, string label)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (key is null)
        {
            return value;
        }

        if (!TryBase64(value, out var data) || data.Length < NonceSize + TagSize)
        {
            return null;
        }

        var plain = new byte[data.Length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(data.AsSpan(0, NonceSize), data.AsSpan(NonceSize + TagSize), data.AsSpan(NonceSize, TagSize), plain, Encoding.UTF8.GetBytes(label));
        }
        catch (CryptographicException)
        {
            return null;
        }

        return Encoding.UTF8.GetString(plain);
    }

    private static byte[] Derive(string operatorKey, byte[] salt, int iterations)
        => Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(operatorKey), salt, iterations, HashAlgorithmName.SHA256, 32);

    private static void RequireKey(string operatorKey)
    {
        if (string.IsNullOrEmpty(operatorKey))
        {
            throw new PortabilityException("A secrets key is required to seal the export's secrets (--secrets-key or TESSERA_SECRETS_KEY); --plaintext-secrets writes them in clear instead.");
        }
    }

    private static bool TryBase64(string? text, out byte[] bytes)
    {
        bytes = [];
        if (text is null)
        {
            return false;
        }

        try
        {
            bytes = Convert.FromBase64String(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

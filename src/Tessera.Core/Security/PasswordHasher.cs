// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace Tessera.Core.Security;

/// <summary>
/// Argon2id (libsodium, through NSec) for new passwords; PBKDF2-HMAC-SHA256 hashes stored by earlier versions stay
/// valid until a sign-in upgrades them (<see cref="Users.PasswordCheck"/>). Every stored hash names its algorithm and
/// parameters, so changing them later leaves existing hashes readable. The hashes run on a <see cref="HashWorkers"/>.
/// </summary>
public sealed class PasswordHasher : IDisposable
{
    private const int SaltSize = 16;
    private const int HashSize = 32;
    private const string Argon2idPrefix = "$argon2id$v=19$";
    private const string Pbkdf2Prefix = "pbkdf2-sha256$";
    private readonly Argon2id argon2id;
    private readonly string parameters;
    private readonly HashWorkers workers;
    private readonly Lazy<string> dummyHash;

    public PasswordHasher(PasswordHashingOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        argon2id = Argon2id(options.MemoryKiB, options.Passes);
        parameters = string.Create(CultureInfo.InvariantCulture, $"m={options.MemoryKiB},t={options.Passes},p=1");
        workers = new HashWorkers(Environment.ProcessorCount, HashQueueBudget.From(options), time, options.HashThreadNice);
        dummyHash = new(() => Compute("tessera-dummy-password"));
    }

    /// <summary>The threads the hashes run on (their measured hash time and predicted wait).</summary>
    public HashWorkers Workers => workers;

    /// <summary>Hashes a new password with Argon2id at the configured parameters.</summary>
    public Task<string> HashAsync(string password, CancellationToken cancellationToken)
        => workers.RunAsync(() => Compute(password), cancellationToken);

    /// <summary>
    /// Checks <paramref name="password"/> against a stored hash. A null hash (unknown user, no password) costs the same
    /// time as a real check and answers false. A hash in no known format answers false.
    /// </summary>
    public Task<bool> VerifyAsync(string password, string? encoded, CancellationToken cancellationToken)
        => workers.RunAsync(() => Verify(password, encoded ?? dummyHash.Value) && encoded is not null, cancellationToken);

    /// <summary>True when <paramref name="encoded"/> is not an Argon2id hash with the configured parameters.</summary>
    public bool NeedsRehash(string encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        return !encoded.StartsWith(Argon2idPrefix + parameters + "$", StringComparison.Ordinal);
    }

    /// <summary>Sheds a password check at once, before anything is read or written, when its hash could not start within the budget.</summary>
    public void ThrowIfBusy() => workers.ThrowIfOverBudget();

    /// <summary>Whether a password check would be shed now (<see cref="HashWorkers.IsOverBudget"/>), for a caller that answers without an exception.</summary>
    public bool IsBusy() => workers.IsOverBudget();

    public void Dispose() => workers.Dispose();

    private static Argon2id Argon2id(long memoryKiB, long passes)
        => (Argon2id)PasswordBasedKeyDerivationAlgorithm.Argon2id(new Argon2Parameters { DegreeOfParallelism = 1, MemorySize = memoryKiB, NumberOfPasses = passes });

    /// <summary>The PHC string format, as libsodium's crypto_pwhash_str and the reference implementation write it.</summary>
    private string Compute(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var hash = argon2id.DeriveBytes(Encoding.UTF8.GetBytes(password), salt, HashSize);
        return string.Concat(Argon2idPrefix, parameters, "$", Base64NoPadding(salt), "$", Base64NoPadding(hash));
    }

    private static bool Verify(string password, string encoded)
    {
        if (encoded.StartsWith(Argon2idPrefix, StringComparison.Ordinal))
        {
            return VerifyArgon2id(password, encoded);
        }

        return encoded.StartsWith(Pbkdf2Prefix, StringComparison.Ordinal) && VerifyPbkdf2(password, encoded);
    }

    /// <summary><c>$argon2id$v=19$m=…,t=…,p=1$salt$hash</c>, salt and hash in base64 without padding.</summary>
    private static bool VerifyArgon2id(string password, string encoded)
    {
        var parts = encoded.Split('$');
        if (parts.Length != 6)
        {
            return false;
        }

        var settings = parts[3].Split(',');
        if (settings.Length != 3 || !TryParameter(settings[0], "m=", out var m) || !TryParameter(settings[1], "t=", out var t)
            || settings[2] != "p=1" || FromBase64NoPadding(parts[4]) is not { Length: SaltSize } salt
            || FromBase64NoPadding(parts[5]) is not { Length: >= 16 } expected)
        {
            return false;
        }

        Argon2id algorithm;
        try
        {
            algorithm = Argon2id(m, t);
        }
        catch (ArgumentException)
        {
            return false;
        }

        var actual = algorithm.DeriveBytes(Encoding.UTF8.GetBytes(password), salt, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary><c>pbkdf2-sha256$iterations$salt$hash</c> (padded base64), as Tessera stored passwords before Argon2id.</summary>
    private static bool VerifyPbkdf2(string password, string encoded)
    {
        var parts = encoded.Split('$');
        if (parts.Length != 4 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
        {
            return false;
        }

        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, n, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static bool TryParameter(string text, string name, out long value)
    {
        value = 0;
        return text.StartsWith(name, StringComparison.Ordinal)
            && long.TryParse(text.AsSpan(name.Length), NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static string Base64NoPadding(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static byte[]? FromBase64NoPadding(string text)
    {
        var padded = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
        var buffer = new byte[padded.Length];
        return Convert.TryFromBase64String(padded, buffer, out var written) ? buffer[..written] : null;
    }
}

// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Security;

namespace Tessera.Server.Hosting;

/// <summary>Resolves the master key and store location, and refuses a production start that lacks what it needs.</summary>
internal sealed class StartupCheck
{
    private StartupCheck(byte[] masterKey, string? sqliteConnectionString, string storeDescription)
    {
        MasterKey = masterKey;
        SqliteConnectionString = sqliteConnectionString;
        StoreDescription = storeDescription;
    }

    public byte[] MasterKey { get; }
    public string? SqliteConnectionString { get; }
    public string StoreDescription { get; }

    public static StartupCheck Run(IConfiguration configuration, TesseraMode mode, StorageOptions storage)
    {
        var problems = new List<string>();
        if (mode == TesseraMode.Production)
        {
            if (string.IsNullOrEmpty(configuration["Tessera:Admin:AccessKeyId"]) || string.IsNullOrEmpty(configuration["Tessera:Admin:SecretAccessKey"]))
            {
                problems.Add("Tessera:Admin:AccessKeyId and Tessera:Admin:SecretAccessKey are required (environment: Tessera__Admin__AccessKeyId, Tessera__Admin__SecretAccessKey).");
            }

            if (string.IsNullOrEmpty(configuration["Tessera:PublicUrl"]))
            {
                problems.Add("Tessera:PublicUrl is required: the URL clients reach Tessera at (it becomes the token issuer).");
            }

            if (string.IsNullOrEmpty(configuration["Tessera:MasterKey"]))
            {
                problems.Add("Tessera:MasterKey is required: base64 of 32 random bytes (openssl rand -base64 32). Keep it out of the database.");
            }
        }

        CheckPasswords(configuration, mode, problems);

        if (storage.Provider == StorageProvider.PostgreSql && string.IsNullOrEmpty(storage.ConnectionString))
        {
            problems.Add("Tessera:Storage:ConnectionString is required with the PostgreSql provider.");
        }

        byte[]? masterKey = null;
        var configuredKey = configuration["Tessera:MasterKey"];
        if (!string.IsNullOrEmpty(configuredKey))
        {
            try
            {
                masterKey = Convert.FromBase64String(configuredKey);
            }
            catch (FormatException)
            {
                problems.Add("Tessera:MasterKey is not valid base64.");
            }

            if (masterKey is not null && masterKey.Length != 32)
            {
                problems.Add("Tessera:MasterKey must decode to exactly 32 bytes.");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Tessera cannot start:\n  - " + string.Join("\n  - ", problems));
        }

        string? sqlite = null;
        var description = "PostgreSQL";
        if (storage.Provider == StorageProvider.Sqlite)
        {
            (sqlite, description) = storage.Sqlite();
        }

        masterKey ??= LoadOrCreateDevKey(storage.DataDirectory);
        return new StartupCheck(masterKey, sqlite, description);
    }

    private static void CheckPasswords(IConfiguration configuration, TesseraMode mode, List<string> problems)
    {
        // Settings of the PBKDF2 hasher and the fixed-depth queue that Argon2id and the queue budget replaced: a
        // leftover would otherwise be ignored in silence (a "cheap" test setting that no longer makes hashes cheap).
        foreach (var gone in (string[])["Iterations", "MaxQueued"])
        {
            if (configuration[$"Tessera:Passwords:{gone}"] is not null)
            {
                problems.Add($"Tessera:Passwords:{gone} is no longer used: new passwords are hashed with Argon2id (Tessera:Passwords:MemoryKiB and Passes) and the hash queue has a latency budget (Tessera:Passwords:QueueBudget). Remove it; see docs/configuration.md.");
            }
        }

        var options = configuration.GetSection("Tessera:Passwords").Get<PasswordHashingOptions>() ?? new PasswordHashingOptions();
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        if (options.MemoryKiB is < PasswordHashingOptions.MinimumMemoryKiB or > PasswordHashingOptions.MaximumMemoryKiB)
        {
            problems.Add($"Tessera:Passwords:MemoryKiB must be from {PasswordHashingOptions.MinimumMemoryKiB} to {PasswordHashingOptions.MaximumMemoryKiB.ToString("N0", invariant)}.");
        }

        if (options.Passes < 1)
        {
            problems.Add("Tessera:Passwords:Passes must be a positive number.");
        }
        else if (mode == TesseraMode.Production && options.MemoryKiB < PasswordHashingOptions.OwaspMinimumMemoryKiB(options.Passes))
        {
            problems.Add(string.Create(invariant, $"Tessera:Passwords:MemoryKiB is {options.MemoryKiB} with Passes {options.Passes}: `start` needs at least {PasswordHashingOptions.OwaspMinimumMemoryKiB(options.Passes):N0} KiB for {options.Passes} pass(es) (OWASP's minimum for Argon2id). Cheaper hashes are for start-dev, tests and benchmarks."));
        }

        if (options.QueueBudget < TimeSpan.Zero)
        {
            problems.Add("Tessera:Passwords:QueueBudget must not be negative.");
        }

        if (options.QueueBudgetHashTimes is { } hashTimes && (!double.IsFinite(hashTimes) || hashTimes <= 0))
        {
            problems.Add("Tessera:Passwords:QueueBudgetHashTimes must be a positive number.");
        }
        else if (options.QueueBudget is not null && options.QueueBudgetHashTimes is not null)
        {
            problems.Add("Tessera:Passwords:QueueBudget (a fixed time) and QueueBudgetHashTimes (a multiple of the hash time) are both set: set one.");
        }

        if (options.HashThreadNice is < 0 or > 19)
        {
            problems.Add("Tessera:Passwords:HashThreadNice must be from 0 to 19.");
        }
    }

    /// <summary>start-dev keeps a generated master key beside its database, readable by the owner only.</summary>
    private static byte[] LoadOrCreateDevKey(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "master.key");
        if (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }

        var key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        File.WriteAllText(path, Convert.ToBase64String(key));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return key;
    }
}

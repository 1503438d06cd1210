// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using System.Text;
using Tessera.Core.Pools;
using Tessera.Core.Users;

namespace Tessera.Core.UserImport;

/// <summary>A data line of an import file, ready to become a user.</summary>
/// <param name="LineNumber">The line in the file, the header being line 1.</param>
/// <param name="Username">The <c>cognito:username</c> value.</param>
/// <param name="Attributes">The non-blank attribute values, birthdate in the OIDC form.</param>
/// <param name="MfaEnabled">The <c>cognito:mfa_enabled</c> value.</param>
public sealed record UserImportRow(int LineNumber, string Username, IReadOnlyList<AttributeType> Attributes, bool MfaEnabled);

/// <summary>A data line that cannot become a user, with the reason the job's log gives.</summary>
public sealed record UserImportRowError(int LineNumber, string Message);

/// <summary>The file as a whole cannot be read: the job fails with <see cref="Exception.Message"/> as its CompletionMessage.</summary>
public sealed class UserImportFileException(string message) : Exception(message);

/// <summary>
/// The user import CSV file as AWS documents it (developer guide, "Creating the user import CSV file"): the header
/// GetCSVHeader returns, columns in any order, a backslash before a comma inside a value, values trimmed, UTF-8, at
/// most 16,000 characters a line and 500,000 users a file; <c>cognito:username</c> (no spaces or tabs) and
/// <c>cognito:mfa_enabled</c> required; birthdate as mm/dd/yyyy; and each user with a true auto-verified attribute
/// (every one when the pool has one only) and the address it verifies.
/// </summary>
public static class UserImportCsv
{
    public const string UsernameColumn = "cognito:username";
    public const string MfaEnabledColumn = "cognito:mfa_enabled";
    public const int MaxLineLength = 16_000;
    public const int MaxUsers = 500_000;
    public const int MaxFileBytes = 100 * 1024 * 1024;

    /// <summary>The message AWS logs for a user whose auto-verified attributes are all false or blank.</summary>
    public const string NoAutoVerifiedAttribute = "The User Record does not set any of the auto verified attributes to true. (Example: email_verified to true).";

    /// <summary>GetCSVHeader: the pool's attributes but <c>sub</c> and <c>identities</c>, in schema order, then the two <c>cognito:</c> columns.</summary>
    public static IReadOnlyList<string> Header(UserPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var names = UserPoolSchema.Of(pool).Attributes.Select(a => a.Name!).Where(n => n is not ("sub" or "identities")).ToList();
        names.Add(MfaEnabledColumn);
        names.Add(UsernameColumn);
        return names;
    }

    /// <summary>Splits one line at the commas that are not escaped with a backslash, and trims each value.</summary>
    public static IReadOnlyList<string> SplitLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var values = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\\' && i + 1 < line.Length && line[i + 1] == ',')
            {
                current.Append(',');
                i++;
            }
            else if (c == ',')
            {
                values.Add(current.ToString().Trim());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        values.Add(current.ToString().Trim());
        return values;
    }

    /// <summary>
    /// The lines of <paramref name="content"/> after <paramref name="skipLines"/> (header included), each a user or the
    /// reason it is not one.
    /// </summary>
    /// <exception cref="UserImportFileException">The file cannot be read at all (encoding, header, size).</exception>
    public static IEnumerable<(UserImportRow? Row, UserImportRowError? Error)> Read(UserPool pool, byte[] content, int skipLines = 1)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(content);
        if (content.Length > MaxFileBytes)
        {
            throw new UserImportFileException("The CSV file is larger than 100 MB.");
        }

        var lines = Lines(content);
        var header = ReadHeader(pool, lines);
        return ReadRows(pool, header, lines, Math.Max(1, skipLines));
    }

    /// <summary>Checks the header alone, so a bad file fails before any user is imported.</summary>
    /// <exception cref="UserImportFileException">The header is missing a required column or names one the pool lacks.</exception>
    public static void CheckHeader(UserPool pool, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        ReadHeader(pool, Lines(content));
    }

    private static IEnumerator<string> Lines(byte[] content)
    {
        // UTF-8 as the guide asks; a byte-order mark is tolerated (Excel writes one) rather than read into the first column.
        var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        return ReadLines(new StreamReader(new MemoryStream(content, writable: false), text, detectEncodingFromByteOrderMarks: false)).GetEnumerator();
    }

    private static IEnumerable<string> ReadLines(StreamReader reader)
    {
        using (reader)
        {
            while (true)
            {
                string? line;
                try
                {
                    line = reader.ReadLine();
                }
                catch (DecoderFallbackException)
                {
                    throw new UserImportFileException("The CSV file is not UTF-8 text.");
                }

                if (line is null)
                {
                    yield break;
                }

                yield return line;
            }
        }
    }

    private static Dictionary<string, int> ReadHeader(UserPool pool, IEnumerator<string> lines)
    {
        if (!lines.MoveNext() || string.IsNullOrWhiteSpace(lines.Current))
        {
            throw new UserImportFileException("The CSV file is empty: its first line must be the header from GetCSVHeader.");
        }

        var known = Header(pool).ToHashSet(StringComparer.Ordinal);
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = SplitLine(lines.Current.TrimStart('\uFEFF'));
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            if (!known.Contains(name))
            {
                throw new UserImportFileException(Fit($"The CSV header has a column the user pool does not have: {name}."));
            }

            if (!columns.TryAdd(name, i))
            {
                throw new UserImportFileException(Fit($"The CSV header has the column {name} twice."));
            }
        }

        foreach (var required in new[] { UsernameColumn, MfaEnabledColumn })
        {
            if (!columns.ContainsKey(required))
            {
                throw new UserImportFileException($"The CSV header lacks the required column {required}.");
            }
        }

        return columns;
    }

    private static IEnumerable<(UserImportRow?, UserImportRowError?)> ReadRows(UserPool pool, Dictionary<string, int> columns, IEnumerator<string> lines, int skipLines)
    {
        using (lines)
        {
            var lineNumber = 1;
            var users = 0;
            while (lines.MoveNext())
            {
                lineNumber++;
                var line = lines.Current;
                if (line.Length == 0)
                {
                    continue;
                }

                if (++users > MaxUsers)
                {
                    throw new UserImportFileException("The CSV file has more than 500,000 users.");
                }

                if (lineNumber <= skipLines)
                {
                    continue;
                }

                yield return ReadRow(pool, columns, line, lineNumber);
            }
        }
    }

    /// <summary>One data line checked against the pool (the checks a CSV line makes beyond those of every attribute write).</summary>
    public static (UserImportRow?, UserImportRowError?) ReadRow(UserPool pool, IReadOnlyDictionary<string, int> columns, string line, int lineNumber)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(line);
        (UserImportRow?, UserImportRowError?) Fail(string message) => (null, new UserImportRowError(lineNumber, message));
        if (line.Length > MaxLineLength)
        {
            return Fail("The line is longer than 16,000 characters.");
        }

        var values = SplitLine(line);
        if (values.Count != columns.Count)
        {
            return Fail($"The line has {values.Count} values and the header {columns.Count} columns; escape a comma inside a value as \\,.");
        }

        string Value(string column) => columns.TryGetValue(column, out var i) ? values[i] : string.Empty;
        var username = Value(UsernameColumn);
        if (username.Length == 0)
        {
            return Fail("The cognito:username value is empty.");
        }

        if (username.Any(c => c is ' ' or '\t'))
        {
            return Fail("The cognito:username value contains a space or a tab.");
        }

        if (!bool.TryParse(Value(MfaEnabledColumn), out var mfa))
        {
            return Fail("The cognito:mfa_enabled value must be true or false.");
        }

        switch (pool.Settings.MfaConfiguration)
        {
            case "ON" when !mfa:
                return Fail("The user pool requires MFA, so cognito:mfa_enabled must be true.");
            case "OFF" or null when mfa:
                return Fail("The user pool has MFA off, so cognito:mfa_enabled must be false.");
            default:
                break;
        }

        var attributes = new List<AttributeType>();
        foreach (var (column, index) in columns)
        {
            var value = values[index];
            if (column.StartsWith("cognito:", StringComparison.Ordinal) || value.Length == 0)
            {
                continue;
            }

            if (column == "birthdate")
            {
                // The guide asks for mm/dd/yyyy; the attribute itself is OIDC's YYYY-MM-DD.
                if (!DateOnly.TryParseExact(value, "MM/dd/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birthdate))
                {
                    return Fail("The birthdate value must be in the form mm/dd/yyyy.");
                }

                value = birthdate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }

            attributes.Add(new AttributeType(column, value));
        }

        bool IsTrue(string name) => string.Equals(Value(name), "true", StringComparison.OrdinalIgnoreCase);
        var autoVerified = (pool.Settings.AutoVerifiedAttributes ?? []).Where(a => a is "email" or "phone_number").ToList();
        var verified = autoVerified.Where(a => IsTrue(a + "_verified")).ToList();
        if (autoVerified.Count > 0 && (verified.Count == 0 || (autoVerified.Count == 1 && verified.Count != 1)))
        {
            return Fail(NoAutoVerifiedAttribute);
        }

        foreach (var contact in new[] { "email", "phone_number" })
        {
            if (IsTrue(contact + "_verified") && Value(contact).Length == 0)
            {
                return Fail($"The user record sets {contact}_verified to true but has no {contact}.");
            }
        }

        var missing = UserPoolSchema.Of(pool).RequiredNames.FirstOrDefault(n => Value(n).Length == 0);
        if (missing is not null)
        {
            return Fail($"The user record lacks the required attribute {missing}.");
        }

        return (new UserImportRow(lineNumber, username, attributes, mfa), null);
    }

    /// <summary>CompletionMessage is at most 128 characters (CompletionMessageType).</summary>
    public static string Fit(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Length <= 128 ? message : message[..127] + "…";
    }
}

// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Errors;
using Tessera.Core.Pools;

namespace Tessera.Core.Users;

/// <summary>Checks a password against the pool's policy with the messages Cognito gives.</summary>
public static class PasswordPolicyValidator
{
    /// <summary>The special characters Cognito's password policy counts as symbols.</summary>
    public const string Symbols = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ";

    public static void Validate(PasswordPolicyType policy, string password)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(password);
        if (password.Length < (policy.MinimumLength ?? 8))
        {
            throw Fail("Password not long enough");
        }

        if (policy.RequireLowercase == true && !password.Any(char.IsLower))
        {
            throw Fail("Password must have lowercase characters");
        }

        if (policy.RequireUppercase == true && !password.Any(char.IsUpper))
        {
            throw Fail("Password must have uppercase characters");
        }

        if (policy.RequireNumbers == true && !password.Any(char.IsAsciiDigit))
        {
            throw Fail("Password must have numeric characters");
        }

        if (policy.RequireSymbols == true && !password.Any(c => Symbols.Contains(c, StringComparison.Ordinal)))
        {
            throw Fail("Password must have symbol characters");
        }
    }

    /// <summary>A random password that satisfies <paramref name="policy"/>, for AdminCreateUser without one.</summary>
    public static string Generate(PasswordPolicyType policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var length = Math.Max(policy.MinimumLength ?? 8, 12);
        var chars = new List<char>
        {
            Pick("ABCDEFGHJKLMNPQRSTUVWXYZ"),
            Pick("abcdefghijkmnopqrstuvwxyz"),
            Pick("23456789"),
            Pick("!#%&*+=?@^_-"),
        };
        while (chars.Count < length)
        {
            chars.Add(Pick("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"));
        }

        System.Security.Cryptography.RandomNumberGenerator.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(chars));
        return new string(chars.ToArray());
    }

    private static char Pick(string set) => set[System.Security.Cryptography.RandomNumberGenerator.GetInt32(set.Length)];

    private static CognitoException Fail(string reason) => CognitoErrors.InvalidPassword("Password did not conform with policy: " + reason);
}

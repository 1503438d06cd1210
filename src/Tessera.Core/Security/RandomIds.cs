// SPDX-License-Identifier: Apache-2.0
using System.Security.Cryptography;

namespace Tessera.Core.Security;

/// <summary>Identifiers shaped as AWS shapes them, from a cryptographic random source.</summary>
public static class RandomIds
{
    private const string Alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string LowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary><c>us-east-1_AbC123xyZ</c>: region, underscore, 9 letters and digits.</summary>
    public static string UserPoolId(string region) => $"{region}_{RandomNumberGenerator.GetString(Alnum, 9)}";

    /// <summary>26 lower-case letters and digits, as Cognito's app client ids.</summary>
    public static string ClientId() => RandomNumberGenerator.GetString(LowerAlnum, 26);

    /// <summary>51 lower-case letters and digits, within the model's 24–64 <c>[\w+]+</c>.</summary>
    public static string ClientSecret() => RandomNumberGenerator.GetString(LowerAlnum, 51);

    /// <summary>A URL-safe opaque token of <paramref name="bytes"/> random bytes.</summary>
    public static string OpaqueToken(int bytes = 32) => Base64Url(RandomNumberGenerator.GetBytes(bytes));

    public static string Base64Url(ReadOnlySpan<byte> data) =>
        Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

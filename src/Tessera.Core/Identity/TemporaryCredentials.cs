// SPDX-License-Identifier: Apache-2.0
using System.Security.Cryptography;
using System.Text;
using Tessera.Core.Security;

namespace Tessera.Core.Identity;

/// <summary>Temporary AWS-style credentials: an <c>ASIA…</c> key id, its secret and the session token.</summary>
public sealed record TemporaryCredentials(string AccessKeyId, string SecretAccessKey, string SessionToken, DateTimeOffset Expiration);

/// <summary>What a session token carries; everything a verifier needs, so no database read is involved.</summary>
/// <param name="AccessKeyId">The key id the token belongs to; a request must sign with this one.</param>
/// <param name="SecretAccessKey">The secret the request must be signed with.</param>
/// <param name="RoleArn">The assumed role.</param>
/// <param name="SessionName">The role session name (<c>CognitoIdentityCredentials</c> for identity pools).</param>
/// <param name="Subject">The identity id (or the web identity's subject).</param>
/// <param name="Audience">The identity pool id, when the credentials come from one.</param>
/// <param name="Expiration">When the credentials stop working.</param>
public sealed record SessionClaims(
    string AccessKeyId,
    string SecretAccessKey,
    string RoleArn,
    string SessionName,
    string Subject,
    string? Audience,
    DateTimeOffset Expiration)
{
    /// <summary>The role name: the last path segment of the ARN (<c>arn:aws:iam::1:role/path/Name</c>).</summary>
    public string RoleName => RoleArn[(RoleArn.LastIndexOf('/') + 1)..];
}

/// <summary>
/// Issues temporary credentials and opens their session tokens. The token is the claims sealed with
/// AES-256-GCM under a key derived from the master key (DESIGN.md §5): any node verifies a request
/// signed with them without a database read, and a changed byte fails authentication.
/// </summary>
public sealed class SessionCredentials(SecretProtector protector, TimeProvider time)
{
    private const string Purpose = "sts-session-token";
    private const byte Format = 1;
    private const string Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>Identity pools hand out one-hour credentials.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(1);

    public TemporaryCredentials Issue(string roleArn, string sessionName, string subject, string? audience, TimeSpan lifetime)
    {
        // Whole seconds: the wire formats carry seconds, and the sealed expiry must be the one the client sees.
        var expiration = DateTimeOffset.FromUnixTimeSeconds((time.GetUtcNow() + lifetime).ToUnixTimeSeconds());
        var claims = new SessionClaims(
            "ASIA" + RandomNumberGenerator.GetString(Base32, 16),
            RandomNumberGenerator.GetString(SecretAlphabet, 40),
            roleArn,
            sessionName,
            subject,
            audience,
            expiration);
        return new TemporaryCredentials(claims.AccessKeyId, claims.SecretAccessKey, Seal(claims), expiration);
    }

    /// <summary>The claims of a session token, or null when it is malformed or was not sealed by this service.</summary>
    public SessionClaims? Open(string? sessionToken)
    {
        if (string.IsNullOrEmpty(sessionToken) || sessionToken.Length > 4096)
        {
            return null;
        }

        try
        {
            var plaintext = protector.Unprotect(Convert.FromBase64String(sessionToken), Purpose);
            using var reader = new BinaryReader(new MemoryStream(plaintext), Encoding.UTF8);
            if (reader.ReadByte() != Format)
            {
                return null;
            }

            var accessKeyId = reader.ReadString();
            var secret = reader.ReadString();
            var roleArn = reader.ReadString();
            var sessionName = reader.ReadString();
            var subject = reader.ReadString();
            var audience = reader.ReadString();
            var expiration = DateTimeOffset.FromUnixTimeSeconds(reader.ReadInt64());
            return new SessionClaims(accessKeyId, secret, roleArn, sessionName, subject, audience.Length == 0 ? null : audience, expiration);
        }
        catch (Exception e) when (e is FormatException or CryptographicException or EndOfStreamException or IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// A stable IAM-style role id (<c>AROA</c> + 17 characters) for a role ARN: Tessera has no IAM, so the id
    /// is a keyed hash of the ARN, the same on every node and across restarts.
    /// </summary>
    public string RoleId(string roleArn)
    {
        var hash = protector.KeyedHash("role-id:" + roleArn);
        var builder = new StringBuilder("AROA", 21);
        for (var i = 0; i < 17; i++)
        {
            builder.Append(Base32[hash[i] % 32]);
        }

        return builder.ToString();
    }

    private string Seal(SessionClaims claims)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Format);
            writer.Write(claims.AccessKeyId);
            writer.Write(claims.SecretAccessKey);
            writer.Write(claims.RoleArn);
            writer.Write(claims.SessionName);
            writer.Write(claims.Subject);
            writer.Write(claims.Audience ?? string.Empty);
            writer.Write(claims.Expiration.ToUnixTimeSeconds());
        }

        return Convert.ToBase64String(protector.Protect(buffer.ToArray(), Purpose));
    }
}

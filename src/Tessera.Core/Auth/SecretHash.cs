// SPDX-License-Identifier: Apache-2.0
using System.Security.Cryptography;
using System.Text;
using Tessera.Core.Clients;
using Tessera.Core.Errors;
using Tessera.Core.Security;

namespace Tessera.Core.Auth;

/// <summary>SECRET_HASH = Base64(HMAC-SHA256(clientSecret, username + clientId)), checked in constant time.</summary>
public sealed class SecretHash(SecretProtector protector)
{
    public const string SecretPurpose = "client-secret";

    public static string Compute(string clientSecret, string username, string clientId)
        => Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(clientSecret), Encoding.UTF8.GetBytes(username + clientId)));

    /// <summary>Throws NotAuthorizedException unless <paramref name="secretHash"/> matches one of the names the user may be known by.</summary>
    public void Verify(AppClient client, string? secretHash, params string?[] usernames)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!client.HasSecret)
        {
            return;
        }

        if (string.IsNullOrEmpty(secretHash))
        {
            throw CognitoErrors.SecretNotReceived(client.ClientId);
        }

        if (!Matches(client, secretHash, usernames))
        {
            throw CognitoErrors.SecretHashMismatch(client.ClientId);
        }
    }

    /// <summary>Whether <paramref name="secretHash"/> was made with one of the client's secrets over one of <paramref name="usernames"/>.</summary>
    public bool Matches(AppClient client, string secretHash, params string?[] usernames)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(secretHash);
        // During a rotation the client has two secrets, and a hash made with either is accepted.
        var given = Encoding.UTF8.GetBytes(secretHash);
        var ok = false;
        foreach (var stored in client.Secrets)
        {
            var secret = protector.UnprotectString(stored.Ciphertext, SecretPurpose);
            foreach (var name in usernames)
            {
                if (name is not null)
                {
                    ok |= CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(Compute(secret, name, client.ClientId)));
                }
            }
        }

        return ok;
    }

    /// <summary>Checks a client secret presented directly (RevokeToken, /oauth2/token) against the keyed hash of each of the client's secrets.</summary>
    public bool MatchesClientSecret(AppClient client, string? presented)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (presented is null)
        {
            return false;
        }

        var hash = protector.KeyedHash(presented);
        var ok = false;
        foreach (var stored in client.Secrets)
        {
            ok |= CryptographicOperations.FixedTimeEquals(stored.Hash, hash);
        }

        return ok;
    }
}

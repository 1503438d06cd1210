// SPDX-License-Identifier: Apache-2.0
using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using Tessera.Core.Clients;
using Tessera.Core.Errors;
using Tessera.Core.Pools;
using Tessera.Core.Security;
using Tessera.Core.Users;

namespace Tessera.Core.Auth.Srp;

/// <summary>
/// USER_SRP_AUTH and its PASSWORD_VERIFIER challenge. The server's secret b, A and B travel in SECRET_BLOCK,
/// sealed under the master key and bound to the app client, so no state is kept between the two calls.
/// </summary>
public sealed class SrpAuthenticator(
    UserDirectory directory,
    SrpServer srp,
    SrpVerifierSealer verifiers,
    SecretHash secretHash,
    AuthSessionSealer sessions,
    SecretProtector protector,
    SignInCandidates candidates,
    TimeProvider time)
{
    public const string ChallengeName = "PASSWORD_VERIFIER";

    /// <summary>How far TIMESTAMP may stray from the server's clock (the client computes it just before it answers).</summary>
    public static readonly TimeSpan TimestampTolerance = TimeSpan.FromMinutes(5);

    private const byte BlockVersion = 1;
    private const int BlockLength = 1 + 16 + 8 + SrpServer.SecretBBytes + (2 * SrpGroup.ModulusBytes);

    /// <summary>InitiateAuth USER_SRP_AUTH: checks SRP_A and answers PASSWORD_VERIFIER with SALT, SRP_B and SECRET_BLOCK.</summary>
    public async Task<AuthOutcome> StartAsync(UserPool pool, AppClient client, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(parameters);
        var username = Required(parameters, "USERNAME");
        var publicA = SrpGroup.ParseHex(Required(parameters, "SRP_A"));
        if (publicA is not { } a || BigInteger.Remainder(a, SrpGroup.N).IsZero)
        {
            throw CognitoErrors.InvalidParameter("Invalid SRP_A: it must be a hexadecimal integer that is not 0 modulo N.");
        }

        parameters.TryGetValue("SECRET_HASH", out var hash);
        var user = await candidates.FindAsync(pool, client, username, hash, cancellationToken).ConfigureAwait(false);

        // An unknown user, or one without a verifier, gets a challenge that looks the same and can never be answered.
        var verifier = user is null ? null : verifiers.Open(user);
        var salt = verifier?.Salt ?? DecoySalt(pool, username);
        var v = verifier?.Verifier ?? SrpGroup.FromUnsigned(RandomNumberGenerator.GetBytes(SrpGroup.ModulusBytes - 1));
        var ephemeral = srp.CreateEphemeral(v);
        var userId = user?.Id ?? Guid.Empty;
        var now = time.GetUtcNow();
        var secretBlock = SealBlock(BlockPurpose(client), userId, now, ephemeral, a);
        var session = sessions.Seal(new AuthSessionState(pool.Id, client.ClientId, userId, ChallengeName,
            (now + client.Settings.AuthSessionLifetime).ToUnixTimeSeconds()));
        var userIdForSrp = user?.Username ?? DecoyUserId(pool, username);
        return AuthOutcome.Challenge(ChallengeName, session, new Dictionary<string, string>
        {
            ["SALT"] = SrpGroup.ToHex(SrpGroup.FromUnsigned(salt)),
            ["SECRET_BLOCK"] = Convert.ToBase64String(secretBlock),
            ["SRP_B"] = SrpGroup.ToHex(ephemeral.PublicB),
            ["USERNAME"] = userIdForSrp,
            ["USER_ID_FOR_SRP"] = userIdForSrp,
        });
    }

    /// <summary>
    /// RespondToAuthChallenge PASSWORD_VERIFIER, first half: checks the session, SECRET_BLOCK and TIMESTAMP and names the
    /// user; <see cref="Proves"/> then tests the signature, after <see cref="SignInFlow"/>'s pre-checks.
    /// </summary>
    public async Task<SrpClaim> OpenClaimAsync(UserPool pool, AppClient client, ChallengeResponse request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        var responses = request.Responses;
        var username = Required(responses, "USERNAME");
        var signatureText = Required(responses, "PASSWORD_CLAIM_SIGNATURE");
        var blockText = Required(responses, "PASSWORD_CLAIM_SECRET_BLOCK");
        var timestamp = Required(responses, "TIMESTAMP");
        // pycognito and warrant answer without the Session: the sealed SECRET_BLOCK carries the same state, so
        // the Session is checked when given and not required.
        var state = request.Session is null ? null : sessions.Open(request.Session, client.ClientId, ChallengeName);
        var block = OpenBlock(BlockPurpose(client), blockText);
        if (block is null || (state is not null && state.UserId != block.Value.UserId))
        {
            throw CognitoErrors.InvalidSession();
        }

        if (block.Value.IssuedAt + client.Settings.AuthSessionLifetime <= time.GetUtcNow())
        {
            throw CognitoErrors.SessionExpired();
        }

        var user = await directory.FindAsync(pool, username, cancellationToken).ConfigureAwait(false);
        responses.TryGetValue("SECRET_HASH", out var hash);
        secretHash.Verify(client, hash, username, user?.Username);
        var unknown = block.Value.UserId == Guid.Empty;
        if (!unknown && (user is null || user.Id != block.Value.UserId))
        {
            throw CognitoErrors.InvalidSession();
        }

        if (!TryParseTimestamp(timestamp, out var stamped) || (stamped - time.GetUtcNow()).Duration() > TimestampTolerance)
        {
            throw CognitoErrors.NotAuthorized("Invalid timestamp: it must be the current time in the format \"ddd MMM d HH:mm:ss UTC yyyy\".");
        }

        // The decoy challenge of an unknown user gives a claim for no one, which Proves refuses as slowly as a real one.
        var (_, _, b, publicB, publicA) = block.Value;
        return new SrpClaim(unknown ? null : user, username, b, publicB, publicA, blockText, timestamp, signatureText);
    }

    /// <summary>Whether the claim's signature proves the user's password.</summary>
    public bool Proves(UserPool pool, SrpClaim claim)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(claim);
        if (claim.User is not { } user)
        {
            // The same exponentiations as for a real user, so the time of the answer does not tell who exists.
            _ = srp.DeriveKey(claim.PublicA, claim.PublicB, claim.SecretB, SrpGroup.FromUnsigned(RandomNumberGenerator.GetBytes(SrpGroup.ModulusBytes - 1)));
            return false;
        }

        var verifier = verifiers.Open(user);
        var key = verifier is null ? null : srp.DeriveKey(claim.PublicA, claim.PublicB, claim.SecretB, verifier.Verifier);
        return key is not null && SignatureMatches(key, pool, user, Convert.FromBase64String(claim.SecretBlock), claim.Timestamp, claim.Signature);
    }

    /// <summary>Cognito's TIMESTAMP: "ddd MMM d HH:mm:ss UTC yyyy" in English, the day not zero-padded.</summary>
    public static bool TryParseTimestamp(string text, out DateTimeOffset value)
        => DateTimeOffset.TryParseExact(text, "ddd MMM d HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

    private static bool SignatureMatches(byte[] key, UserPool pool, User user, byte[] secretBlock, string timestamp, string signatureText)
    {
        Span<byte> given = stackalloc byte[64];
        if (!Convert.TryFromBase64String(signatureText, given, out var written))
        {
            return false;
        }

        var expected = SrpServer.Signature(key, pool.ShortId, user.Username, secretBlock, timestamp);
        return CryptographicOperations.FixedTimeEquals(given[..written], expected);
    }

    private static string Required(IReadOnlyDictionary<string, string> values, string name)
        => values.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value)
            ? value
            : throw CognitoErrors.InvalidParameter($"Missing required parameter {name}");

    private static string BlockPurpose(AppClient client) => "srp-secret-block:" + client.ClientId;

    /// <summary>
    /// USER_ID_FOR_SRP for a user the pool does not have. Where every username is a UUID (email or phone number as
    /// username) a real user's is its sub, so the decoy is a UUID too, the same for the same name (AWS developer guide,
    /// "Managing user existence error responses"); elsewhere it is the name as given, as a real user's would be.
    /// </summary>
    private string DecoyUserId(UserPool pool, string username)
    {
        if (pool.Settings.UsernameAttributes is not { Count: > 0 })
        {
            return username;
        }

        var bytes = protector.KeyedHash("srp-decoy-id:" + pool.Id + ":" + UserDirectory.CanonicalName(pool, username))[..16];
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString();
    }

    private byte[] DecoySalt(UserPool pool, string username)
        => protector.KeyedHash("srp-decoy-salt:" + pool.Id + ":" + UserDirectory.CanonicalName(pool, username))[..SrpServer.SaltBytes];

    /// <summary>SECRET_BLOCK: the server's secret b, B and A with the user and the time, sealed for <paramref name="purpose"/>.</summary>
    internal byte[] SealBlock(string purpose, Guid userId, DateTimeOffset now, SrpEphemeral ephemeral, BigInteger publicA)
    {
        var plain = new byte[BlockLength];
        try
        {
            plain[0] = BlockVersion;
            userId.TryWriteBytes(plain.AsSpan(1, 16));
            BinaryPrimitives.WriteInt64BigEndian(plain.AsSpan(17, 8), now.ToUnixTimeMilliseconds());
            var offset = 25;
            WriteFixed(ephemeral.SecretB, plain.AsSpan(offset, SrpServer.SecretBBytes));
            offset += SrpServer.SecretBBytes;
            WriteFixed(ephemeral.PublicB, plain.AsSpan(offset, SrpGroup.ModulusBytes));
            offset += SrpGroup.ModulusBytes;
            WriteFixed(BigInteger.Remainder(publicA, SrpGroup.N), plain.AsSpan(offset, SrpGroup.ModulusBytes));
            return protector.Protect(plain, purpose);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>A SECRET_BLOCK sealed by <see cref="SealBlock"/> for <paramref name="purpose"/>, or null when it is not one.</summary>
    internal (Guid UserId, DateTimeOffset IssuedAt, BigInteger SecretB, BigInteger PublicB, BigInteger PublicA)? OpenBlock(string purpose, string text)
    {
        byte[] plain;
        try
        {
            plain = protector.Unprotect(Convert.FromBase64String(text), purpose);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return null;
        }

        if (plain.Length != BlockLength || plain[0] != BlockVersion)
        {
            return null;
        }

        var userId = new Guid(plain.AsSpan(1, 16));
        var issuedAt = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(plain.AsSpan(17, 8)));
        var offset = 25;
        var b = SrpGroup.FromUnsigned(plain.AsSpan(offset, SrpServer.SecretBBytes));
        offset += SrpServer.SecretBBytes;
        var publicB = SrpGroup.FromUnsigned(plain.AsSpan(offset, SrpGroup.ModulusBytes));
        offset += SrpGroup.ModulusBytes;
        var publicA = SrpGroup.FromUnsigned(plain.AsSpan(offset, SrpGroup.ModulusBytes));
        CryptographicOperations.ZeroMemory(plain);
        return (userId, issuedAt, b, publicB, publicA);
    }

    private static void WriteFixed(BigInteger value, Span<byte> destination)
    {
        var length = value.GetByteCount(isUnsigned: true);
        destination.Clear();
        value.TryWriteBytes(destination[(destination.Length - length)..], out _, isUnsigned: true, isBigEndian: true);
    }
}

/// <summary>
/// A PASSWORD_VERIFIER answer whose session and block are valid, its signature not yet tested. <c>User</c> is null
/// for the decoy challenge of a username the pool does not have (PreventUserExistenceErrors), named by <c>Username</c>.
/// </summary>
public sealed record SrpClaim(User? User, string Username, BigInteger SecretB, BigInteger PublicB, BigInteger PublicA, string SecretBlock, string Timestamp, string Signature);

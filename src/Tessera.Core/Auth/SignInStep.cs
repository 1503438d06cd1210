// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Clients;
using Tessera.Core.Pools;
using Tessera.Core.Users;

namespace Tessera.Core.Auth;

/// <summary>Where a sign-in comes from: the Cognito API (InitiateAuth and friends) or the hosted UI's pages.</summary>
public enum SignInChannel
{
    Api,
    HostedUi,
}

/// <summary>
/// Who is signing in, where, and through which channel: what every step of <see cref="SignInFlow"/> needs, and what a
/// Lambda trigger receives (the client metadata).
/// </summary>
public sealed record SignInContext(
    UserPool Pool,
    AppClient Client,
    SignInChannel Channel,
    IReadOnlyDictionary<string, string>? ClientMetadata = null,
    string? DeviceKey = null);

/// <summary>
/// A sign-in step that issues nothing: the next challenge to answer, or the user who passed every check. The caller
/// turns a proven user into tokens (API) or a browser session (hosted UI).
/// </summary>
public sealed record SignInStep(
    User? User,
    string? ChallengeName,
    string? Session,
    IReadOnlyDictionary<string, string>? ChallengeParameters,
    IReadOnlyList<string>? AvailableChallenges = null)
{
    public static SignInStep Proven(User user) => new(user, null, null, null);

    public static SignInStep Challenge(string name, string session, IReadOnlyDictionary<string, string> parameters) => new(null, name, session, parameters);

    /// <summary>USER_AUTH without a usable PREFERRED_CHALLENGE: SELECT_CHALLENGE, with AvailableChallenges beside the parameters.</summary>
    public static SignInStep Select(string session, IReadOnlyList<string> available)
        => new(null, "SELECT_CHALLENGE", session, new Dictionary<string, string>(), available);
}

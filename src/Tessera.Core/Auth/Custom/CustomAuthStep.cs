// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Users;

namespace Tessera.Core.Auth.Custom;

/// <summary>
/// Where a custom-auth step leaves the sign-in: a challenge for the client, a user the Define function let in
/// (tokens, no MFA), or a user whose password the PASSWORD_VERIFIER step proved and whom Cognito then takes
/// through its own password follow-ups (NEW_PASSWORD_REQUIRED, MFA) instead of the functions.
/// </summary>
public sealed record CustomAuthStep(AuthOutcome? Challenge, User? Authenticated, User? PasswordProven)
{
    public static CustomAuthStep Challenged(AuthOutcome outcome) => new(outcome, null, null);

    public static CustomAuthStep Passed(User user) => new(null, user, null);

    public static CustomAuthStep PasswordChecked(User user) => new(null, null, user);
}

// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Users;

/// <summary>UserStatusType values as the wire carries them.</summary>
public static class UserStatus
{
    public const string Unconfirmed = "UNCONFIRMED";
    public const string Confirmed = "CONFIRMED";
    public const string ResetRequired = "RESET_REQUIRED";
    public const string ForceChangePassword = "FORCE_CHANGE_PASSWORD";
}

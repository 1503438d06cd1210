// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Lifecycle;

/// <summary>
/// The one live code of a user for one purpose (sign-up, recovery, verifying an attribute), kept only as a
/// keyed hash, with the counters that limit how often codes are sent and guessed.
/// </summary>
public sealed class VerificationCode
{
    public Guid UserId { get; set; }
    public required string PoolId { get; set; }

    /// <summary>One of <see cref="CodePurpose"/>.</summary>
    public required string Purpose { get; set; }

    /// <summary>The keyed hash of the live code; null once it was used.</summary>
    public byte[]? CodeHash { get; set; }

    /// <summary>The attribute the code verifies (<c>email</c> or <c>phone_number</c>), when it verifies one.</summary>
    public string? AttributeName { get; set; }

    /// <summary>Where the code went; a code for an address the user no longer has is void.</summary>
    public string? Destination { get; set; }

    /// <summary>A new attribute value that takes effect only once verified (AttributesRequireVerificationBeforeUpdate).</summary>
    public string? PendingValue { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }

    public int FailedAttempts { get; set; }
    public DateTimeOffset FailureWindowStart { get; set; }
    public int SendCount { get; set; }
    public DateTimeOffset SendWindowStart { get; set; }
}

/// <summary>What a code is for; a code of one purpose never answers for another.</summary>
public static class CodePurpose
{
    public const string SignUp = "SIGN_UP";
    public const string ForgotPassword = "FORGOT_PASSWORD";

    public static string VerifyAttribute(string attribute) => "VERIFY:" + attribute;
}

// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Lifecycle;

/// <summary>CodeDeliveryDetailsType: where a code went, with the destination masked as Cognito masks it.</summary>
public sealed record CodeDeliveryDetails(string Destination, string DeliveryMedium, string AttributeName)
{
    /// <summary><c>a***@e***</c> for an email, <c>+*******1234</c> for a phone number.</summary>
    public static string Mask(string destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var at = destination.IndexOf('@', StringComparison.Ordinal);
        if (at > 0 && at < destination.Length - 1)
        {
            return $"{destination[0]}***@{destination[at + 1]}***";
        }

        if (destination.StartsWith('+') && destination.Length > 5)
        {
            return "+" + new string('*', destination.Length - 5) + destination[^4..];
        }

        return destination.Length > 0 ? destination[0] + "***" : "***";
    }
}

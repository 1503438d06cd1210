// SPDX-License-Identifier: Apache-2.0
using System.ComponentModel.DataAnnotations;

namespace Tessera.Core.Tokens;

/// <summary>How user pools' signing keys are rotated (<c>tessera keys rotate</c>, docs/production.md).</summary>
public sealed class SigningKeyOptions
{
    /// <summary>
    /// How long a pool's next key must have been published in the JWKS before a rotation may make it sign. It covers every
    /// node's key cache (which lives at most half of it) and the verifiers that cache the JWKS and refetch it on an unknown
    /// <c>kid</c> no more often than every few minutes.
    /// </summary>
    /// <value>From 1 second to 30 days. The default is 10 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan MinimumNextKeyAge { get; set; } = TimeSpan.FromMinutes(10);
}

// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Federation;

/// <summary>
/// A federated sign-in that cannot complete. <see cref="Error"/> is the OAuth error code the app receives
/// (RFC 6749 §4.1.2.1); the message is safe to show; <see cref="Detail"/> is for the log only.
/// </summary>
public sealed class FederationException(string error, string message, string? detail = null) : Exception(message)
{
    public string Error { get; } = error;

    public string? Detail { get; } = detail;
}

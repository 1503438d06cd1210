// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Portability;

/// <summary>An export or import that cannot go on; the message says why in the operator's terms, and nothing was imported.</summary>
public sealed class PortabilityException : Exception
{
    public PortabilityException()
    {
    }

    public PortabilityException(string message)
        : base(message)
    {
    }

    public PortabilityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

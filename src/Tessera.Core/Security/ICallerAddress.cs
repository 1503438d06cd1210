// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Security;

/// <summary>The network address of the caller of the current request, as the protocol edge saw it; null when unknown.</summary>
public interface ICallerAddress
{
    string? IpAddress { get; }
}

// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Security;

/// <summary>The caller of the current request as the protocol edge saw it: its network address and the User-Agent it sent; null when unknown.</summary>
public interface ICallerAddress
{
    string? IpAddress { get; }

    string? UserAgent { get; }
}

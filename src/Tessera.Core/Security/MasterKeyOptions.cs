// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Security;

public sealed class MasterKeyOptions
{
    /// <summary>Base64 of 32 random bytes. Encrypts private keys, client secrets and other one-time secrets at rest.</summary>
    public string? MasterKey { get; set; }
}

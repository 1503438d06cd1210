// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Users;

/// <summary>AttributeType: one user attribute on the wire.</summary>
public sealed record AttributeType(string Name, string? Value);

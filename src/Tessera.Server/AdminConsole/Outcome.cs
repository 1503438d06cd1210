// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Server.AdminConsole;

/// <summary>What a console form did: the message for the next page and, when not the page it came from, where to go.</summary>
internal sealed record Outcome(string Message, string? Location = null)
{
    public static implicit operator Outcome(string message) => new(message);
}

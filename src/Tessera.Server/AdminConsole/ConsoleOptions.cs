// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Server.AdminConsole;

/// <summary>The <c>Tessera:Console</c> section: the admin console at <c>/console</c> (docs/console.md).</summary>
public sealed class ConsoleOptions
{
    /// <summary>Whether <c>/console</c> is served.</summary>
    /// <value>The default is on in <c>start-dev</c> (for browsers on this machine only) and off in <c>start</c>.</value>
    public bool? Enabled { get; set; }

    /// <summary>
    /// In <c>start</c>: the user pool whose users may sign in to the console, through its hosted UI
    /// (<c>tessera console bootstrap-admin</c> creates it). Required when the console is enabled in <c>start</c>.
    /// </summary>
    public string? AdminPoolId { get; set; }

    /// <summary>In <c>start</c>: the app client of <see cref="AdminPoolId"/> the console signs in with (authorization code and PKCE).</summary>
    public string? AdminClientId { get; set; }

    /// <summary>Whether the console is served in a process started in <paramref name="development"/> mode or not.</summary>
    public bool IsEnabled(bool development) => Enabled ?? development;
}

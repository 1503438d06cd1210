// SPDX-License-Identifier: Apache-2.0
using System.CommandLine;

namespace Tessera.Server.Cli;

/// <summary><c>tessera reset</c>: empties a running start-dev, like moto's <c>POST /moto-api/reset</c> (docs/test-suites.md).</summary>
internal static class ResetCommand
{
    public static Command Create()
    {
        var url = DevStateClient.UrlOption();
        var command = new Command("reset", "Empty a running start-dev: every user pool, client, user, identity pool and message goes; the master key and the snapshots stay.") { url };
        command.SetAction((result, cancellationToken) => DevStateClient.SendAsync(
            result.GetValue(url)!,
            HttpMethod.Post,
            "_dev/reset",
            answer => $"Reset {result.GetValue(url)} in {DevStateClient.Milliseconds(answer)}: it is empty.",
            cancellationToken));
        return command;
    }
}

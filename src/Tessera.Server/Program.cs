// SPDX-License-Identifier: Apache-2.0
return await Tessera.Server.Cli.TesseraCli.RunAsync(args).ConfigureAwait(false);

// SPDX-License-Identifier: Apache-2.0
// A measuring aid (DOTNET_STARTUP_HOOKS=<this dll>, JITHOOK_OUT=<file>): on SIGUSR1 the process writes how many methods
// the JIT has compiled so far and the time it spent, which unlike wall or CPU time does not depend on the machine's load.
using System.Runtime;
using System.Runtime.InteropServices;

#pragma warning disable CA1050 // the runtime looks the hook up by this exact name, outside any namespace
public static class StartupHook
#pragma warning restore CA1050
{
    private static PosixSignalRegistration? registration;

    public static void Initialize()
    {
        var path = Environment.GetEnvironmentVariable("JITHOOK_OUT");
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        const int SigUsr1 = 10;
        registration = PosixSignalRegistration.Create((PosixSignal)SigUsr1, context =>
        {
            context.Cancel = true;
            File.WriteAllText(path, FormattableString.Invariant(
                $"jit_methods={JitInfo.GetCompiledMethodCount()} jit_ms={JitInfo.GetCompilationTime().TotalMilliseconds:F0} jit_ilKB={JitInfo.GetCompiledILBytes() / 1024}"));
        });
    }
}

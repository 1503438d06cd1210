// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Server.Hosting;

/// <summary>How the process was started: <c>start</c> (production) or <c>start-dev</c> (a newcomer's laptop, CI).</summary>
public enum TesseraMode
{
    Production = 0,
    Development = 1,
}

/// <summary>The mode as a service, for the few components that behave differently in start-dev.</summary>
public sealed record TesseraRuntime(TesseraMode Mode)
{
    public bool IsDevelopment => Mode == TesseraMode.Development;
}

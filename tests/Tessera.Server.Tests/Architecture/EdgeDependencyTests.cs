// SPDX-License-Identifier: Apache-2.0
using System.Text.RegularExpressions;

namespace Tessera.Server.Tests.Architecture;

/// <summary>
/// The edges that serve requests (the Cognito operations, the hosted UI, the admin console) reach the data through
/// Tessera.Core's services, never through Tessera.Storage's DbContext; and the console, built on the operations, holds
/// no store of its own: it calls the operations (and, where none exists, the Core service an operation calls).
/// </summary>
public sealed partial class EdgeDependencyTests
{
    private static readonly string Server = Path.Combine(RepositoryRoot(), "src", "Tessera.Server");

    [Theory]
    [InlineData("CognitoIdp")]
    [InlineData("CognitoIdentity")]
    [InlineData("HostedUi")]
    [InlineData("AdminConsole")]
    public void Edge_DoesNotUseStorageDirectly(string folder)
    {
        var offending = SourcesOf(folder).Where(f => StoragePattern().IsMatch(File.ReadAllText(f))).Select(Path.GetFileName).ToList();

        offending.ShouldBeEmpty();
    }

    [Fact]
    public void AdminConsole_UsesNoStoreInterface()
    {
        var offending = SourcesOf("AdminConsole").Where(f => StoreInterfacePattern().IsMatch(File.ReadAllText(f))).Select(Path.GetFileName).ToList();

        SourcesOf("AdminConsole").ShouldNotBeEmpty();
        offending.ShouldBeEmpty();
    }

    private static string[] SourcesOf(string folder) => Directory.GetFiles(Path.Combine(Server, folder), "*.cs", SearchOption.AllDirectories);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tessera.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The tests run outside the repository.");
    }

    [GeneratedRegex(@"\bTessera\.Storage\b|\bTesseraDbContext\b|\bDbContext\b|\bDbSet<")]
    private static partial Regex StoragePattern();

    [GeneratedRegex(@"\bI[A-Z]\w*Store\b")]
    private static partial Regex StoreInterfacePattern();
}

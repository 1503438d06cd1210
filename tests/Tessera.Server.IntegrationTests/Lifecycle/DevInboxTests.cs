// SPDX-License-Identifier: Apache-2.0
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Tessera.Server.Hosting;
using Tessera.Server.IntegrationTests.Infrastructure;

namespace Tessera.Server.IntegrationTests.Lifecycle;

public sealed class DevInboxTests
{
    [Fact]
    public async Task Inbox_Json_ListsMessagesNewestFirst_WithCodes()
    {
        await using var host = await TesseraHost.StartAsync();
        var (pool, client) = await host.CreateSignUpPoolAsync();
        await host.SignUpAsync(client, "alice", "alice@example.com");
        await host.SignUpAsync(client, "bob", "bob@example.com");

        var messages = await host.InboxAsync(pool);

        messages.Count.ShouldBe(2);
        messages[0]!["destination"]!.GetValue<string>().ShouldBe("bob@example.com");
        messages[1]!["destination"]!.GetValue<string>().ShouldBe("alice@example.com");
        messages[0]!["medium"]!.GetValue<string>().ShouldBe("EMAIL");
        messages[0]!["purpose"]!.GetValue<string>().ShouldBe("SignUp");
        messages[0]!["poolId"]!.GetValue<string>().ShouldBe(pool);
        messages[0]!["subject"]!.GetValue<string>().ShouldBe("Your verification code");
        messages[0]!["body"]!.GetValue<string>().ShouldContain(messages[0]!["code"]!.GetValue<string>());
        DateTimeOffset.Parse(messages[0]!["sentAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(
            DateTimeOffset.Parse(messages[1]!["sentAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Inbox_Html_IsAReadablePage_WithTheCodeHighlighted_AndEscaped()
    {
        await using var host = await TesseraHost.StartAsync();
        var (_, client) = await host.CreateSignUpPoolAsync(new
        {
            AutoVerifiedAttributes = new[] { "email" },
            EmailVerificationMessage = "<script>alert(1)</script> code {####}",
            EmailVerificationSubject = "Verify",
        });
        await host.SignUpAsync(client, "carol", "carol@example.com");
        var code = await host.LatestCodeAsync("carol@example.com");

        using var response = await host.Client.GetAsync(new Uri("/_dev/inbox", UriKind.Relative), TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        html.ShouldStartWith("<!DOCTYPE html>");
        html.ShouldContain("<html lang=\"en\">");
        html.ShouldContain("<title>Tessera development inbox</title>");
        html.ShouldContain("<th scope=\"col\">");
        html.ShouldContain($"<mark class=\"code\">{code}</mark>");
        html.ShouldNotContain("<script>");
        html.ShouldContain("&lt;script&gt;");
    }

    [Fact]
    public async Task Inbox_IsKeptInTheStore_SoAnotherNodeSeesIt()
    {
        await using var first = await TesseraHost.StartAsync();
        var (_, client) = await first.CreateSignUpPoolAsync();
        await first.SignUpAsync(client, "dave", "dave@example.com");

        await using var second = await TesseraHost.StartAsync(directory: first.Directory);

        (await second.CountMessagesToAsync("dave@example.com")).ShouldBe(1);
        (await second.LatestCodeAsync("dave@example.com")).ShouldBe(await first.LatestCodeAsync("dave@example.com"));
    }

    [Fact]
    public async Task Inbox_DoesNotExistInProduction()
    {
        var directory = Path.Combine(Path.GetTempPath(), "tessera-tests", Guid.NewGuid().ToString("N"));
        var app = TesseraApp.Create([], TesseraMode.Production, builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Tessera:Storage:DataDirectory"] = directory,
                ["Tessera:PublicUrl"] = "https://id.example.com",
                ["Tessera:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                ["Tessera:Admin:AccessKeyId"] = TesseraHost.AccessKeyId,
                ["Tessera:Admin:SecretAccessKey"] = TesseraHost.SecretAccessKey,
            });
        });
        try
        {
            await TesseraApp.PrepareStoreAsync(app);
            await app.StartAsync(TestContext.Current.CancellationToken);
            using var client = app.GetTestClient();

            using var html = await client.GetAsync(new Uri("/_dev/inbox", UriKind.Relative), TestContext.Current.CancellationToken);
            using var json = await client.GetAsync(new Uri("/_dev/inbox?format=json", UriKind.Relative), TestContext.Current.CancellationToken);

            html.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            json.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }
        finally
        {
            await app.StopAsync(TestContext.Current.CancellationToken);
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }
}

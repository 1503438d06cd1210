// SPDX-License-Identifier: Apache-2.0
using System.Diagnostics;
using Tessera.Server.IntegrationTests.Infrastructure;

namespace Tessera.Server.IntegrationTests.Lifecycle;

/// <summary>PreventUserExistenceErrors = ENABLED: the answers for a missing user look like the answers for a real one.</summary>
public sealed class UserExistenceTests(UserExistenceTests.Fixture fixture) : IClassFixture<UserExistenceTests.Fixture>
{
    private readonly TesseraHost host = fixture.Host;
    private readonly string client = fixture.Client;

    /// <summary>A host with one pool whose client has PreventUserExistenceErrors = ENABLED, and a confirmed alice.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public TesseraHost Host { get; private set; } = null!;

        public string Client { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            Host = await TesseraHost.StartAsync();
            (_, Client) = await Host.CreateSignUpPoolAsync(clientExtra: new { PreventUserExistenceErrors = "ENABLED" });
            await Host.SignUpConfirmedAsync(Client, "alice", "alice@example.com");
        }

        public async ValueTask DisposeAsync() => await Host.DisposeAsync();
    }

    [Fact]
    public async Task ForgotPassword_UnknownUser_AnswersWithSimulatedDelivery()
    {
        var real = await host.CallAsync("ForgotPassword", new { ClientId = client, Username = "alice" }, sign: false);
        var fake = await host.CallAsync("ForgotPassword", new { ClientId = client, Username = "nobody" }, sign: false);
        var again = await host.CallAsync("ForgotPassword", new { ClientId = client, Username = "nobody" }, sign: false);

        var details = fake["CodeDeliveryDetails"]!;
        details["DeliveryMedium"]!.GetValue<string>().ShouldBe("EMAIL");
        details["AttributeName"]!.GetValue<string>().ShouldBe("email");
        details["Destination"]!.GetValue<string>().ShouldMatch("^[a-z]\\*\\*\\*@[a-z]\\*\\*\\*$");
        details.ToJsonString().ShouldBe(again["CodeDeliveryDetails"]!.ToJsonString());
        real["CodeDeliveryDetails"]!.AsObject().Select(p => p.Key).ShouldBe(details.AsObject().Select(p => p.Key));
        (await host.InboxAsync()).ShouldNotContain(m => m!["username"]!.GetValue<string>() == "nobody");
    }

    [Fact]
    public async Task ForgotPassword_EmailShapedUnknownUser_MasksThatAddress()
    {
        var fake = await host.CallAsync("ForgotPassword", new { ClientId = client, Username = "zed@example.net" }, sign: false);

        fake["CodeDeliveryDetails"]!["Destination"]!.GetValue<string>().ShouldBe("z***@e***");
    }

    [Fact]
    public async Task ResendConfirmationCode_UnknownUser_AnswersWithSimulatedDelivery()
    {
        var fake = await host.CallAsync("ResendConfirmationCode", new { ClientId = client, Username = "nobody" }, sign: false);

        fake["CodeDeliveryDetails"]!["DeliveryMedium"]!.GetValue<string>().ShouldBe("EMAIL");
    }

    [Fact]
    public async Task ConfirmSteps_UnknownUser_ThrowCodeMismatchLikeAWrongCode()
    {
        var signUp = await UserSteps.FailsAsync(() => host.CallAsync("ConfirmSignUp", new { ClientId = client, Username = "nobody", ConfirmationCode = "123456" }, sign: false));
        var forgot = await UserSteps.FailsAsync(() => host.CallAsync("ConfirmForgotPassword", new { ClientId = client, Username = "nobody", ConfirmationCode = "123456", Password = "New-Pass-2" }, sign: false));

        signUp.Type.ShouldBe("CodeMismatchException");
        forgot.Type.ShouldBe("CodeMismatchException");
    }

    [Fact]
    public async Task SignIn_UnknownUser_SameAnswerAsWrongPassword()
    {
        var unknown = await UserSteps.FailsAsync(() => host.SignInAsync(client, "nobody"));
        var wrong = await UserSteps.FailsAsync(() => host.SignInAsync(client, "alice", "Wrong-Pass-9"));

        unknown.Type.ShouldBe(wrong.Type);
        unknown.AwsMessage.ShouldBe(wrong.AwsMessage);
        unknown.Status.ShouldBe(wrong.Status);
    }

    [Fact]
    public async Task ForgotPassword_Timing_DoesNotTellWhoExists()
    {
        // Several real users, so the real path does not run into the per-user send limit.
        var users = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            await host.SignUpConfirmedAsync(client, "timed" + i, $"timed{i}@example.com");
            users.Add("timed" + i);
        }

        var real = new List<double>();
        var fake = new List<double>();
        for (var round = 0; round < 5; round++)
        {
            foreach (var user in users)
            {
                real.Add(await TimeAsync(() => host.CallAsync("ForgotPassword", new { ClientId = client, Username = user }, sign: false)));
                fake.Add(await TimeAsync(() => host.CallAsync("ForgotPassword", new { ClientId = client, Username = "ghost" + round + user }, sign: false)));
            }
        }

        AssertSimilar(Median(real.Skip(4)), Median(fake.Skip(4)));
    }

    [Fact]
    public async Task SignIn_Timing_DoesNotTellWhoExists()
    {
        var real = new List<double>();
        var fake = new List<double>();
        for (var i = 0; i < 4; i++)
        {
            // Wrong passwords lock the user after five failures; a fresh user per batch keeps the real path a password check.
            await host.SignUpConfirmedAsync(client, "slow" + i, $"slow{i}@example.com");
            for (var j = 0; j < 4; j++)
            {
                real.Add(await TimeAsync(() => UserSteps.FailsAsync(() => host.SignInAsync(client, "slow" + i, "Wrong-Pass-9"))));
                fake.Add(await TimeAsync(() => UserSteps.FailsAsync(() => host.SignInAsync(client, $"ghost{i}-{j}", "Wrong-Pass-9"))));
            }
        }

        AssertSimilar(Median(real.Skip(2)), Median(fake.Skip(2)));
    }

    private static void AssertSimilar(double real, double fake)
    {
        // Within half of the real time, or 15 ms on a busy test machine: no answer is systematically faster.
        var tolerance = Math.Max(15, real / 2);
        Math.Abs(real - fake).ShouldBeLessThan(tolerance, $"real {real:F1} ms, simulated {fake:F1} ms");
    }

    private static async Task<double> TimeAsync(Func<Task> call)
    {
        var watch = Stopwatch.StartNew();
        await call();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}

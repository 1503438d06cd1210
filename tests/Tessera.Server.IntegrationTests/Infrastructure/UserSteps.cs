// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;

namespace Tessera.Server.IntegrationTests.Infrastructure;

/// <summary>Sign-up and inbox shortcuts: codes are read from the development inbox as a person would.</summary>
public static class UserSteps
{
    public const string Password = "Perm-Pass-1";

    /// <summary>The development inbox as JSON, newest first.</summary>
    public static async Task<JsonArray> InboxAsync(this TesseraHost host, string? poolId = null)
    {
        var url = "/_dev/inbox?format=json&limit=1000" + (poolId is null ? string.Empty : "&poolId=" + Uri.EscapeDataString(poolId));
        var json = JsonNode.Parse(await host.Client.GetStringAsync(new Uri(url, UriKind.Relative)))!;
        return json["messages"]!.AsArray();
    }

    /// <summary>The newest code sent to <paramref name="destination"/>.</summary>
    public static async Task<string> LatestCodeAsync(this TesseraHost host, string destination)
    {
        var message = (await host.InboxAsync()).FirstOrDefault(m => m!["destination"]!.GetValue<string>() == destination)
            ?? throw new InvalidOperationException("No message to " + destination);
        return message["code"]!.GetValue<string>();
    }

    public static async Task<int> CountMessagesToAsync(this TesseraHost host, string destination)
        => (await host.InboxAsync()).Count(m => m!["destination"]!.GetValue<string>() == destination);

    /// <summary>A pool with email auto-verified and a public client allowing password sign-in.</summary>
    public static async Task<(string Pool, string Client)> CreateSignUpPoolAsync(this TesseraHost host, object? poolExtra = null, object? clientExtra = null)
    {
        var pool = await host.CreatePoolAsync(poolExtra ?? new { AutoVerifiedAttributes = new[] { "email" } });
        var body = new JsonObject
        {
            ["UserPoolId"] = pool,
            ["ClientName"] = "web",
            ["ExplicitAuthFlows"] = new JsonArray("ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"),
        };
        if (clientExtra is not null)
        {
            foreach (var (key, value) in System.Text.Json.JsonSerializer.SerializeToNode(clientExtra)!.AsObject())
            {
                body[key] = value?.DeepClone();
            }
        }

        var client = await host.CallAsync("CreateUserPoolClient", body);
        return (pool, client["UserPoolClient"]!["ClientId"]!.GetValue<string>());
    }

    public static Task<JsonObject> SignUpAsync(this TesseraHost host, string client, string username, string email, string password = Password)
        => host.CallAsync("SignUp", new
        {
            ClientId = client,
            Username = username,
            Password = password,
            UserAttributes = new[] { new { Name = "email", Value = email } },
        }, sign: false);

    /// <summary>Signs up and confirms with the code from the inbox: a CONFIRMED user with a verified email.</summary>
    public static async Task SignUpConfirmedAsync(this TesseraHost host, string client, string username, string email, string password = Password)
    {
        await host.SignUpAsync(client, username, email, password);
        var code = await host.LatestCodeAsync(email);
        await host.CallAsync("ConfirmSignUp", new { ClientId = client, Username = username, ConfirmationCode = code }, sign: false);
    }

    public static async Task<JsonObject> SignInAsync(this TesseraHost host, string client, string username, string password = Password)
    {
        var result = await host.CallAsync("InitiateAuth", new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            ClientId = client,
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = username, ["PASSWORD"] = password },
        }, sign: false);
        return result["AuthenticationResult"]!.AsObject();
    }

    public static Task<JsonObject> RefreshAsync(this TesseraHost host, string client, string refreshToken)
        => host.CallAsync("InitiateAuth", new
        {
            AuthFlow = "REFRESH_TOKEN_AUTH",
            ClientId = client,
            AuthParameters = new Dictionary<string, string> { ["REFRESH_TOKEN"] = refreshToken },
        }, sign: false);

    public static async Task<AwsErrorException> FailsAsync(Func<Task> call) => await Should.ThrowAsync<AwsErrorException>(call);
}

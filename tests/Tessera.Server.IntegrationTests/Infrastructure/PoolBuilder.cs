// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;

namespace Tessera.Server.IntegrationTests.Infrastructure;

/// <summary>Shortcuts that set up a pool, a client and users through the API itself.</summary>
public static class PoolBuilder
{
    public static async Task<string> CreatePoolAsync(this TesseraHost host, object? extra = null)
    {
        var body = new JsonObject { ["PoolName"] = "pool-" + Guid.NewGuid().ToString("N")[..8] };
        if (extra is not null)
        {
            foreach (var (key, value) in System.Text.Json.JsonSerializer.SerializeToNode(extra)!.AsObject())
            {
                body[key] = value?.DeepClone();
            }
        }

        var result = await host.CallAsync("CreateUserPool", body);
        return result["UserPool"]!["Id"]!.GetValue<string>();
    }

    public static async Task<(string ClientId, string? Secret)> CreateClientAsync(this TesseraHost host, string poolId, bool secret = false, string[]? flows = null)
    {
        var result = await host.CallAsync("CreateUserPoolClient", new
        {
            UserPoolId = poolId,
            ClientName = "client",
            GenerateSecret = secret,
            ExplicitAuthFlows = flows ?? ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"],
        });
        var client = result["UserPoolClient"]!;
        return (client["ClientId"]!.GetValue<string>(), client["ClientSecret"]?.GetValue<string>());
    }

    /// <summary>Creates a CONFIRMED user with a permanent password (AdminCreateUser, then the NEW_PASSWORD_REQUIRED challenge).</summary>
    public static async Task CreateConfirmedUserAsync(this TesseraHost host, string poolId, string clientId, string username, string password, params (string Name, string Value)[] attributes)
    {
        await host.CallAsync("AdminCreateUser", new
        {
            UserPoolId = poolId,
            Username = username,
            TemporaryPassword = "Temp-Pass-1",
            MessageAction = "SUPPRESS",
            UserAttributes = attributes.Select(a => new { a.Name, a.Value }).ToArray(),
        });
        var challenge = await host.CallAsync("AdminInitiateAuth", new
        {
            UserPoolId = poolId,
            ClientId = clientId,
            AuthFlow = "ADMIN_USER_PASSWORD_AUTH",
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = username, ["PASSWORD"] = "Temp-Pass-1" },
        });
        await host.CallAsync("AdminRespondToAuthChallenge", new
        {
            UserPoolId = poolId,
            ClientId = clientId,
            ChallengeName = "NEW_PASSWORD_REQUIRED",
            Session = challenge["Session"]!.GetValue<string>(),
            ChallengeResponses = new Dictionary<string, string> { ["USERNAME"] = username, ["NEW_PASSWORD"] = password },
        });
    }
}

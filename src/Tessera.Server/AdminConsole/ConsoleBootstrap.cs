// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Tessera.Core;
using Tessera.Core.Errors;

namespace Tessera.Server.AdminConsole;

/// <summary>What <c>tessera console bootstrap-admin</c> makes (or finds): the administration pool, its client and domain, and the first administrator.</summary>
internal sealed record ConsoleBootstrapRequest(string Username, string? Password, string? Email, string PoolName = ConsoleBootstrap.DefaultPoolName, string Domain = ConsoleBootstrap.DefaultDomain);

/// <summary>
/// <c>tessera console bootstrap-admin</c>: makes the console's administration pool (self sign-up off, deletion
/// protection on), its public app client (authorization code with PKCE, back to <c>{PublicUrl}/console/callback</c>),
/// a hosted-UI domain and the first administrator, through the same Cognito operations as the API and the console.
/// Idempotent: what exists (found by name) is kept and said so; an existing administrator's password is not changed.
/// </summary>
internal static class ConsoleBootstrap
{
    public const string DefaultPoolName = "tessera-console";
    public const string DefaultDomain = "tessera-console";
    private const string ClientName = "tessera-console";

    /// <summary>Runs the bootstrap; writes one line per thing made or found, then the settings to start with. False when a step is refused.</summary>
    public static async Task<bool> RunAsync(IServiceProvider services, ConsoleBootstrapRequest request, TextWriter output, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var ops = scope.ServiceProvider.GetRequiredService<ConsoleOperations>();
        var publicUrl = scope.ServiceProvider.GetRequiredService<IOptions<TesseraOptions>>().Value.PublicUrl;
        Task<JsonElement> Call(string operation, JsonObject body) => ops.CallAsync(scope.ServiceProvider, ConsoleOperations.UserPools, operation, body, cancellationToken);
        try
        {
            var poolId = await FindAsync(Call, "ListUserPools", new JsonObject { ["MaxResults"] = 60 }, "UserPools", "Name", request.PoolName, "Id").ConfigureAwait(false);
            var made = poolId is null;
            poolId ??= ConsolePage.Str(ConsolePage.Member(await Call("CreateUserPool", new JsonObject
            {
                ["PoolName"] = request.PoolName,
                ["DeletionProtection"] = "ACTIVE",
                ["AdminCreateUserConfig"] = new JsonObject { ["AllowAdminCreateUserOnly"] = true },
            }).ConfigureAwait(false), "UserPool"), "Id");
            await output.WriteLineAsync($"Administration pool  {request.PoolName}  {poolId}  ({(made ? "created" : "exists")})").ConfigureAwait(false);

            var clientId = await FindAsync(Call, "ListUserPoolClients", new JsonObject { ["UserPoolId"] = poolId, ["MaxResults"] = 60 }, "UserPoolClients", "ClientName", ClientName, "ClientId").ConfigureAwait(false);
            made = clientId is null;
            clientId ??= ConsolePage.Str(ConsolePage.Member(await Call("CreateUserPoolClient", new JsonObject
            {
                ["UserPoolId"] = poolId,
                ["ClientName"] = ClientName,
                ["GenerateSecret"] = false,
                ["AllowedOAuthFlowsUserPoolClient"] = true,
                ["AllowedOAuthFlows"] = new JsonArray("code"),
                ["AllowedOAuthScopes"] = new JsonArray("openid"),
                ["SupportedIdentityProviders"] = new JsonArray("COGNITO"),
                ["CallbackURLs"] = new JsonArray(ConsoleSignIn.CallbackUrl(publicUrl)),
                ["LogoutURLs"] = new JsonArray(ConsoleSignIn.SignedOutUrl(publicUrl)),
                ["ExplicitAuthFlows"] = new JsonArray("ALLOW_REFRESH_TOKEN_AUTH"),
                ["PreventUserExistenceErrors"] = "ENABLED",
            }).ConfigureAwait(false), "UserPoolClient"), "ClientId");
            await output.WriteLineAsync($"App client           {ClientName}  {clientId}  ({(made ? "created" : "exists")}; callback {ConsoleSignIn.CallbackUrl(publicUrl)})").ConfigureAwait(false);

            var domain = ConsolePage.Str(ConsolePage.Member(await Call("DescribeUserPool", new JsonObject { ["UserPoolId"] = poolId }).ConfigureAwait(false), "UserPool"), "Domain");
            made = domain.Length == 0;
            if (made)
            {
                await Call("CreateUserPoolDomain", new JsonObject { ["UserPoolId"] = poolId, ["Domain"] = request.Domain }).ConfigureAwait(false);
                domain = request.Domain;
            }

            await output.WriteLineAsync($"Domain               {domain}  ({(made ? "created" : "exists")}; hosted UI {publicUrl.GetLeftPart(UriPartial.Path).TrimEnd('/')}/auth/{domain})").ConfigureAwait(false);

            made = !await UserExistsAsync(Call, poolId, request.Username).ConfigureAwait(false);
            if (made)
            {
                if (string.IsNullOrEmpty(request.Password))
                {
                    await Console.Error.WriteLineAsync("A password for the first administrator is needed: --password, TESSERA_ADMIN_PASSWORD, or type it at the prompt.").ConfigureAwait(false);
                    return false;
                }

                var attributes = new JsonArray();
                if (request.Email is { Length: > 0 } email)
                {
                    attributes.Add(new JsonObject { ["Name"] = "email", ["Value"] = email });
                    attributes.Add(new JsonObject { ["Name"] = "email_verified", ["Value"] = "true" });
                }

                await Call("AdminCreateUser", new JsonObject { ["UserPoolId"] = poolId, ["Username"] = request.Username, ["MessageAction"] = "SUPPRESS", ["UserAttributes"] = attributes }).ConfigureAwait(false);
                await Call("AdminSetUserPassword", new JsonObject { ["UserPoolId"] = poolId, ["Username"] = request.Username, ["Password"] = request.Password, ["Permanent"] = true }).ConfigureAwait(false);
            }

            await output.WriteLineAsync($"Administrator        {request.Username}  ({(made ? "created" : "exists; password unchanged")})").ConfigureAwait(false);
            await output.WriteLineAsync().ConfigureAwait(false);
            await output.WriteLineAsync("Start with the console on (or the same three settings in appsettings.json):").ConfigureAwait(false);
            await output.WriteLineAsync($"  Tessera__Console__Enabled=true Tessera__Console__AdminPoolId={poolId} Tessera__Console__AdminClientId={clientId}").ConfigureAwait(false);
            return true;
        }
        catch (CognitoException e) when (e.StatusCode < 500)
        {
            await Console.Error.WriteLineAsync($"{e.Code}: {e.Message}").ConfigureAwait(false);
            return false;
        }
    }

    /// <summary>The <paramref name="idMember"/> of the first item of a paged list whose <paramref name="nameMember"/> is <paramref name="name"/>.</summary>
    private static async Task<string?> FindAsync(Func<string, JsonObject, Task<JsonElement>> call, string operation, JsonObject body, string items, string nameMember, string name, string idMember)
    {
        for (;;)
        {
            var page = await call(operation, body).ConfigureAwait(false);
            if (ConsolePage.Items(page, items).FirstOrDefault(i => ConsolePage.Str(i, nameMember) == name) is { ValueKind: JsonValueKind.Object } found)
            {
                return ConsolePage.Str(found, idMember);
            }

            if (ConsolePage.Str(page, "NextToken") is not { Length: > 0 } next)
            {
                return null;
            }

            body["NextToken"] = next;
        }
    }

    private static async Task<bool> UserExistsAsync(Func<string, JsonObject, Task<JsonElement>> call, string poolId, string username)
    {
        try
        {
            await call("AdminGetUser", new JsonObject { ["UserPoolId"] = poolId, ["Username"] = username }).ConfigureAwait(false);
            return true;
        }
        catch (CognitoException e) when (e.Code == "UserNotFoundException")
        {
            return false;
        }
    }
}

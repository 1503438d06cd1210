// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Auth.Custom;
using Tessera.Core.Auth.Mfa;
using Tessera.Core.Auth.Passwordless;
using Tessera.Core.Auth.Srp;
using Tessera.Core.Clients;
using Tessera.Core.Errors;
using Tessera.Core.OAuth;
using Tessera.Core.Pools;
using Tessera.Core.Sessions;
using Tessera.Core.Tokens;
using Tessera.Core.Triggers;
using Tessera.Core.Users;

namespace Tessera.Core.Auth;

/// <summary>
/// The Cognito API's sign-in operations: it picks the flow and challenge, lets <see cref="SignInFlow"/> (shared with
/// the hosted UI), <see cref="CustomAuthFlow"/> (CUSTOM_AUTH) or <see cref="UserAuthFlow"/> (USER_AUTH) prove the user, and issues tokens once it has;
/// refreshes (REFRESH_TOKEN_AUTH, GetTokensFromRefreshToken) are decided by <see cref="RefreshTokenService"/>.
/// </summary>
public sealed class AuthService(
    IAppClientStore clients,
    UserDirectory directory,
    TokenIssuer issuer,
    RefreshTokenService refresh,
    SrpAuthenticator srp,
    SignInFlow flow,
    CustomAuthFlow custom,
    UserAuthFlow userAuth,
    OAuthLookupCache cache,
    SessionService sessions)
{
    public async Task<AuthOutcome> InitiateAsync(AuthRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var admin = request.PoolId is not null;
        var client = await GetClientAsync(request.ClientId, request.PoolId, cancellationToken).ConfigureAwait(false);
        var pool = await directory.GetSharedPoolAsync(client.PoolId, cache, cancellationToken).ConfigureAwait(false);

        switch (request.AuthFlow)
        {
            case "USER_PASSWORD_AUTH" when !admin:
            case "ADMIN_USER_PASSWORD_AUTH" or "ADMIN_NO_SRP_AUTH" when admin:
                RequireFlow(client, request.AuthFlow, admin);
                return await PasswordAuthAsync(Context(pool, client, request.ClientMetadata), request.Parameters, cancellationToken).ConfigureAwait(false);
            case "REFRESH_TOKEN_AUTH" or "REFRESH_TOKEN":
                RequireFlow(client, request.AuthFlow, admin);
                return await RefreshAsync(client, request.Parameters, request.ClientMetadata, cancellationToken).ConfigureAwait(false);
            case "USER_SRP_AUTH":
                RequireFlow(client, request.AuthFlow, admin);
                return await srp.StartAsync(pool, client, request.Parameters, cancellationToken).ConfigureAwait(false);
            case CustomAuthFlow.AuthFlow:
                {
                    RequireFlow(client, request.AuthFlow, admin);
                    var context = Context(pool, client, request.ClientMetadata);
                    var step = await custom.StartAsync(context, request.Parameters, cancellationToken).ConfigureAwait(false);
                    return await OutcomeAsync(step, context, TokenGeneration.Authentication, cancellationToken).ConfigureAwait(false);
                }

            case UserAuthFlow.AuthFlow:
                {
                    RequireFlow(client, request.AuthFlow, admin);
                    var context = Context(pool, client, request.ClientMetadata);
                    var step = await userAuth.StartAsync(context, request.Parameters, cancellationToken).ConfigureAwait(false);
                    return await OutcomeAsync(step, context, TokenGeneration.Authentication, cancellationToken).ConfigureAwait(false);
                }

            default:
                throw CognitoErrors.InvalidParameter($"Invalid AuthFlow {request.AuthFlow} for this operation.");
        }
    }

    public async Task<AuthOutcome> RespondAsync(ChallengeResponse request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var client = await GetClientAsync(request.ClientId, request.PoolId, cancellationToken).ConfigureAwait(false);
        var pool = await directory.GetSharedPoolAsync(client.PoolId, cache, cancellationToken).ConfigureAwait(false);
        var context = Context(pool, client, request.ClientMetadata);
        var step = request.ChallengeName switch
        {
            _ when userAuth.Issued(request) => await userAuth.RespondAsync(context, request, cancellationToken).ConfigureAwait(false),
            SignInFlow.NewPasswordRequired => await flow.NewPasswordAsync(context, request, cancellationToken).ConfigureAwait(false),
            CustomAuthFlow.CustomChallenge => await custom.AnswerAsync(context, request, cancellationToken).ConfigureAwait(false),
            SrpAuthenticator.ChallengeName when custom.IssuedSession(request.Session) => await custom.VerifyPasswordAsync(context, request, cancellationToken).ConfigureAwait(false),
            SrpAuthenticator.ChallengeName => await flow.PasswordVerifierAsync(context, request, cancellationToken).ConfigureAwait(false),
            var name when MfaChallenges.IsMfaChallenge(name) => await flow.MfaAsync(context, request, cancellationToken).ConfigureAwait(false),
            "DEVICE_SRP_AUTH" or "DEVICE_PASSWORD_VERIFIER" => throw CognitoErrors.InvalidParameter(
                $"Tessera does not support device authentication ({request.ChallengeName}): sign in without DEVICE_KEY."),
            _ => throw CognitoErrors.InvalidParameter($"Tessera does not support the {request.ChallengeName} challenge yet."),
        };
        var source = request.ChallengeName == SignInFlow.NewPasswordRequired ? TokenGeneration.NewPasswordChallenge : TokenGeneration.Authentication;
        return await OutcomeAsync(step, context, source, cancellationToken).ConfigureAwait(false);
    }

    private static SignInContext Context(UserPool pool, AppClient client, IReadOnlyDictionary<string, string>? metadata)
        => new(pool, client, SignInChannel.Api, metadata);

    /// <summary>A challenge goes back to the caller as it is; a proven user gets tokens.</summary>
    private async Task<AuthOutcome> OutcomeAsync(SignInStep step, SignInContext context, string tokenSource, CancellationToken cancellationToken)
        => step.User is { } user
            ? await CompleteAsync(user, context.Client, new TokenGeneration(context.Pool, tokenSource, context.ClientMetadata), cancellationToken).ConfigureAwait(false)
            : AuthOutcome.Challenge(step.ChallengeName!, step.Session!, step.ChallengeParameters!, step.AvailableChallenges);

    private async Task<AppClient> GetClientAsync(string clientId, string? poolId, CancellationToken cancellationToken)
    {
        var client = await cache.ClientAsync(clientId, ct => clients.FindAsync(clientId, ct), cancellationToken).ConfigureAwait(false);
        if (client is null || (poolId is not null && client.PoolId != poolId))
        {
            if (poolId is not null)
            {
                _ = await directory.GetPoolAsync(poolId, cancellationToken).ConfigureAwait(false);
            }

            throw CognitoErrors.ClientNotFound(clientId);
        }

        return client;
    }

    private static void RequireFlow(AppClient client, string flow, bool admin)
    {
        if (!client.Settings.Allows(flow))
        {
            throw CognitoErrors.InvalidParameter(admin ? "Auth flow not enabled for this client" : $"{flow} flow not enabled for this client");
        }
    }

    private static string RequireParameter(IReadOnlyDictionary<string, string> parameters, string name)
        => parameters.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value)
            ? value
            : throw CognitoErrors.InvalidParameter($"Missing required parameter {name}");

    private async Task<AuthOutcome> PasswordAuthAsync(SignInContext context, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        var username = RequireParameter(parameters, "USERNAME");
        var password = RequireParameter(parameters, "PASSWORD");
        parameters.TryGetValue("SECRET_HASH", out var hash);
        var step = await flow.PasswordAsync(context, username, password, hash, cancellationToken).ConfigureAwait(false);
        return await OutcomeAsync(step, context, TokenGeneration.Authentication, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts a new session for a user who has passed every challenge; <paramref name="generation"/> lets PreTokenGeneration run.</summary>
    public async Task<AuthOutcome> CompleteAsync(User user, AppClient client, TokenGeneration? generation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(client);
        var started = await sessions.StartAsync(user, client.ClientId, SessionKind.Tokens, client.Settings.RefreshTokenLifetime, id: null, cancellationToken).ConfigureAwait(false);
        var session = new TokenSession(started.Id, started.CreatedAt);
        var tokens = await issuer.IssueAsync(user, client, session, withRefreshToken: true, generation, knownGroups: null, cancellationToken).ConfigureAwait(false);
        return AuthOutcome.Authenticated(tokens);
    }

    /// <summary>GetTokensFromRefreshToken: the client's secret is presented as such; rotation as the client is configured.</summary>
    public async Task<AuthOutcome> GetTokensFromRefreshTokenAsync(
        string clientId, string refreshToken, string? clientSecret, IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken cancellationToken)
    {
        var client = await GetClientAsync(clientId, poolId: null, cancellationToken).ConfigureAwait(false);
        return await RefreshAsync(
            new RefreshRequest(client, refreshToken, RefreshEdge.GetTokensFromRefreshToken, new ClientProof.Secret(clientSecret), clientMetadata),
            cancellationToken).ConfigureAwait(false);
    }

    private Task<AuthOutcome> RefreshAsync(AppClient client, IReadOnlyDictionary<string, string> parameters, IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken cancellationToken)
    {
        var token = RequireParameter(parameters, "REFRESH_TOKEN");
        parameters.TryGetValue("SECRET_HASH", out var hash);
        parameters.TryGetValue("USERNAME", out var givenName);
        return RefreshAsync(
            new RefreshRequest(client, token, RefreshEdge.RefreshTokenAuth, new ClientProof.SecretHash(hash, givenName), clientMetadata),
            cancellationToken);
    }

    private async Task<AuthOutcome> RefreshAsync(RefreshRequest request, CancellationToken cancellationToken)
    {
        var outcome = await refresh.RefreshAsync(request, cancellationToken).ConfigureAwait(false);
        return outcome.Failure is { } failure
            ? throw CognitoErrors.RefreshRefused(failure, request.Client.ClientId)
            : AuthOutcome.Authenticated(outcome.Tokens!);
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string[]))]
[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class AuthJsonContext : System.Text.Json.Serialization.JsonSerializerContext;

// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Auth.Custom;
using Tessera.Core.Auth.Mfa;
using Tessera.Core.Auth.Passwordless;
using Tessera.Core.Auth.Srp;
using Tessera.Core.Clients;
using Tessera.Core.Devices;
using Tessera.Core.Diagnostics;
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
    SessionService sessions,
    DeviceService devices,
    DeviceAuthenticator deviceAuth)
{
    public async Task<AuthOutcome> InitiateAsync(AuthRequest request, CancellationToken cancellationToken)
    {
        var outcome = await InitiateOrRefuseAsync(request, cancellationToken).ConfigureAwait(false);
        return outcome.Refusal is { } refusal ? throw refusal : outcome;
    }

    /// <summary>
    /// <see cref="InitiateAsync"/>, except that a password sign-in shed by the hash queue comes back as an
    /// <see cref="AuthOutcome.Refused"/> outcome instead of a thrown TooManyRequestsException, for the protocol edge to
    /// answer without the cost of an exception (most answers of an overload are sheds). Every other error is thrown.
    /// </summary>
    public Task<AuthOutcome> InitiateOrRefuseAsync(AuthRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return MeasuredAsync(request.AuthFlow, InitiateCoreAsync(request, cancellationToken));
    }

    public Task<AuthOutcome> RespondAsync(ChallengeResponse request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return MeasuredAsync(request.ChallengeName, RespondCoreAsync(request, cancellationToken));
    }

    /// <summary>Counts one sign-in step by flow (the AuthFlow or the challenge answered, both enums of the model) and outcome.</summary>
    private static async Task<AuthOutcome> MeasuredAsync(string flow, Task<AuthOutcome> step)
    {
        try
        {
            var outcome = await step.ConfigureAwait(false);
            TesseraMetrics.SignIn(flow, outcome.Refusal?.Code ?? (outcome.Tokens is not null ? "tokens" : "challenge"));
            return outcome;
        }
        catch (CognitoException e)
        {
            TesseraMetrics.SignIn(flow, e.Code);
            throw;
        }
    }

    private async Task<AuthOutcome> InitiateCoreAsync(AuthRequest request, CancellationToken cancellationToken)
    {
        var admin = request.PoolId is not null;
        var client = await GetClientAsync(request.ClientId, request.PoolId, cancellationToken).ConfigureAwait(false);
        var pool = await directory.GetSharedPoolAsync(client.PoolId, cache, cancellationToken).ConfigureAwait(false);

        switch (request.AuthFlow)
        {
            case "USER_PASSWORD_AUTH" when !admin:
            case "ADMIN_USER_PASSWORD_AUTH" or "ADMIN_NO_SRP_AUTH" when admin:
                RequireFlow(client, request.AuthFlow, admin);
                return await PasswordAuthAsync(Context(pool, client, request.ClientMetadata, request.Parameters), request.Parameters, cancellationToken).ConfigureAwait(false);
            case "REFRESH_TOKEN_AUTH" or "REFRESH_TOKEN":
                RequireFlow(client, request.AuthFlow, admin);
                return await RefreshAsync(client, request.Parameters, request.ClientMetadata, cancellationToken).ConfigureAwait(false);
            case "USER_SRP_AUTH":
                RequireFlow(client, request.AuthFlow, admin);
                return await srp.StartAsync(pool, client, request.Parameters, cancellationToken).ConfigureAwait(false);
            case CustomAuthFlow.AuthFlow:
                {
                    RequireFlow(client, request.AuthFlow, admin);
                    var context = Context(pool, client, request.ClientMetadata, request.Parameters);
                    var step = await custom.StartAsync(context, request.Parameters, cancellationToken).ConfigureAwait(false);
                    return await OutcomeAsync(step, context, TokenGeneration.Authentication, cancellationToken).ConfigureAwait(false);
                }

            case UserAuthFlow.AuthFlow:
                {
                    RequireFlow(client, request.AuthFlow, admin);
                    var context = Context(pool, client, request.ClientMetadata, request.Parameters);
                    var step = await userAuth.StartAsync(context, request.Parameters, cancellationToken).ConfigureAwait(false);
                    return await OutcomeAsync(step, context, TokenGeneration.Authentication, cancellationToken).ConfigureAwait(false);
                }

            default:
                throw CognitoErrors.InvalidParameter($"Invalid AuthFlow {request.AuthFlow} for this operation.");
        }
    }

    private async Task<AuthOutcome> RespondCoreAsync(ChallengeResponse request, CancellationToken cancellationToken)
    {
        var client = await GetClientAsync(request.ClientId, request.PoolId, cancellationToken).ConfigureAwait(false);
        var pool = await directory.GetSharedPoolAsync(client.PoolId, cache, cancellationToken).ConfigureAwait(false);
        var context = Context(pool, client, request.ClientMetadata, request.Responses);
        switch (request.ChallengeName)
        {
            case DeviceAuthenticator.DeviceSrpAuth:
                return await deviceAuth.StartAsync(context, request, cancellationToken).ConfigureAwait(false);
            case DeviceAuthenticator.DevicePasswordVerifier:
                {
                    var (user, device) = await deviceAuth.VerifyAsync(context, request, cancellationToken).ConfigureAwait(false);
                    return await IssueAsync(user, client, new TokenGeneration(pool, TokenGeneration.AuthenticateDevice, context.ClientMetadata), device.DeviceKey, null, cancellationToken).ConfigureAwait(false);
                }
        }

        var step = request.ChallengeName switch
        {
            _ when userAuth.Issued(request) => await userAuth.RespondAsync(context, request, cancellationToken).ConfigureAwait(false),
            SignInFlow.NewPasswordRequired => await flow.NewPasswordAsync(context, request, cancellationToken).ConfigureAwait(false),
            CustomAuthFlow.CustomChallenge => await custom.AnswerAsync(context, request, cancellationToken).ConfigureAwait(false),
            SrpAuthenticator.ChallengeName when custom.IssuedSession(request.Session) => await custom.VerifyPasswordAsync(context, request, cancellationToken).ConfigureAwait(false),
            SrpAuthenticator.ChallengeName => await flow.PasswordVerifierAsync(context, request, cancellationToken).ConfigureAwait(false),
            var name when MfaChallenges.IsMfaChallenge(name) => await flow.MfaAsync(context, request, cancellationToken).ConfigureAwait(false),
            _ => throw CognitoErrors.InvalidParameter($"Tessera does not support the {request.ChallengeName} challenge yet."),
        };
        var source = request.ChallengeName == SignInFlow.NewPasswordRequired ? TokenGeneration.NewPasswordChallenge : TokenGeneration.Authentication;
        return await OutcomeAsync(step, context, source, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The API's sign-in context; DEVICE_KEY (AuthParameters or ChallengeResponses) names the device signing in.</summary>
    private static SignInContext Context(UserPool pool, AppClient client, IReadOnlyDictionary<string, string>? metadata, IReadOnlyDictionary<string, string> parameters)
        => new(pool, client, SignInChannel.Api, metadata, parameters.TryGetValue("DEVICE_KEY", out var key) && !string.IsNullOrEmpty(key) ? key : null);

    /// <summary>
    /// A challenge goes back to the caller as it is. A proven user on a known device must still authenticate the device
    /// (DEVICE_SRP_AUTH); otherwise tokens, with NewDeviceMetadata when the pool tracks devices.
    /// </summary>
    private async Task<AuthOutcome> OutcomeAsync(SignInStep step, SignInContext context, string tokenSource, CancellationToken cancellationToken)
    {
        if (step.User is not { } user)
        {
            return AuthOutcome.Challenge(step.ChallengeName!, step.Session!, step.ChallengeParameters!, step.AvailableChallenges);
        }

        var device = await devices.ForSignInAsync(context.Pool, user, context.DeviceKey, cancellationToken).ConfigureAwait(false);
        if (device is not null)
        {
            return deviceAuth.Challenge(context, user, device);
        }

        var newDevice = devices.NewDevice(context.Pool, user);
        return await IssueAsync(user, context.Client, new TokenGeneration(context.Pool, tokenSource, context.ClientMetadata), newDevice?.DeviceKey, newDevice, cancellationToken).ConfigureAwait(false);
    }

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
        var step = await flow.TryPasswordAsync(context, username, password, hash, cancellationToken).ConfigureAwait(false);
        return step is null
            ? AuthOutcome.Refused(CognitoErrors.TooManyRequests())
            : await OutcomeAsync(step, context, TokenGeneration.Authentication, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts a new session for a user who has passed every challenge; <paramref name="generation"/> lets PreTokenGeneration run.</summary>
    public Task<AuthOutcome> CompleteAsync(User user, AppClient client, TokenGeneration? generation, CancellationToken cancellationToken)
        => IssueAsync(user, client, generation, deviceKey: null, newDevice: null, cancellationToken);

    /// <summary>A new session, bound to <paramref name="deviceKey"/> when the sign-in has a device, and its tokens.</summary>
    private async Task<AuthOutcome> IssueAsync(
        User user, AppClient client, TokenGeneration? generation, string? deviceKey, NewDeviceMetadata? newDevice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(client);
        // The session row is stored with the refresh token, in one transaction.
        var begun = sessions.Begin(user, client.ClientId, SessionKind.Tokens, client.Settings.RefreshTokenLifetime, deviceKey: deviceKey);
        var session = new TokenSession(begun.Id, begun.CreatedAt, DeviceKey: deviceKey, Begun: begun);
        var tokens = await issuer.IssueAsync(user, client, session, withRefreshToken: true, generation, knownGroups: null, cancellationToken).ConfigureAwait(false);
        return AuthOutcome.Authenticated(tokens with { NewDevice = newDevice });
    }

    /// <summary>GetTokensFromRefreshToken: the client's secret is presented as such; rotation as the client is configured.</summary>
    public async Task<AuthOutcome> GetTokensFromRefreshTokenAsync(
        string clientId, string refreshToken, string? clientSecret, string? deviceKey, IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken cancellationToken)
    {
        var client = await GetClientAsync(clientId, poolId: null, cancellationToken).ConfigureAwait(false);
        return await RefreshAsync(
            new RefreshRequest(client, refreshToken, RefreshEdge.GetTokensFromRefreshToken, new ClientProof.Secret(clientSecret), clientMetadata, deviceKey),
            cancellationToken).ConfigureAwait(false);
    }

    private Task<AuthOutcome> RefreshAsync(AppClient client, IReadOnlyDictionary<string, string> parameters, IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken cancellationToken)
    {
        var token = RequireParameter(parameters, "REFRESH_TOKEN");
        parameters.TryGetValue("SECRET_HASH", out var hash);
        parameters.TryGetValue("USERNAME", out var givenName);
        parameters.TryGetValue("DEVICE_KEY", out var deviceKey);
        return RefreshAsync(
            new RefreshRequest(client, token, RefreshEdge.RefreshTokenAuth, new ClientProof.SecretHash(hash, givenName), clientMetadata, deviceKey),
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

// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Tessera.Core.Clients;
using Tessera.Core.Pools;
using Tessera.Core.Users;

namespace Tessera.Core.Triggers;

/// <summary>
/// PreAuthentication (before the password is checked; its ClientMetadata arrives as <c>validationData</c>) and
/// PostAuthentication (after every challenge, before tokens), as the Cognito developer guide's trigger pages describe them.
/// </summary>
public sealed class AuthTriggers(LambdaTriggers triggers)
{
    public const string PreAuthenticationSource = "PreAuthentication_Authentication";
    public const string PostAuthenticationSource = "PostAuthentication_Authentication";

    public Task PreAuthenticationAsync(UserPool pool, AppClient client, User user, IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return PreAuthenticationAsync(pool, client, user.Username, user, clientMetadata, cancellationToken);
    }

    /// <summary>
    /// A sign-in for a user the pool does not have: the pre authentication page says the trigger runs then only when
    /// the app client has PreventUserExistenceErrors ENABLED, with <c>userNotFound: true</c> and no attributes.
    /// </summary>
    public Task PreAuthenticationForUnknownAsync(UserPool pool, AppClient client, string username, IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.Settings.PreventsUserExistenceErrors
            ? PreAuthenticationAsync(pool, client, username, user: null, clientMetadata, cancellationToken)
            : Task.CompletedTask;
    }

    private async Task PreAuthenticationAsync(UserPool pool, AppClient client, string username, User? user, IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(client);
        if (!LambdaTriggers.Has(pool, TriggerNames.PreAuthentication))
        {
            return;
        }

        var request = new JsonObject
        {
            ["userAttributes"] = user is null ? new JsonObject() : TriggerJson.UserAttributes(user),
            ["validationData"] = TriggerJson.Map(clientMetadata),
        };
        // Cognito populates userNotFound only for clients with PreventUserExistenceErrors ENABLED.
        if (client.Settings.PreventsUserExistenceErrors)
        {
            request["userNotFound"] = user is null;
        }

        await triggers.InvokeAsync(pool, TriggerNames.PreAuthentication, new TriggerContext(PreAuthenticationSource, username, client.ClientId), request, cancellationToken).ConfigureAwait(false);
    }

    public async Task PostAuthenticationAsync(UserPool pool, AppClient client, User user, IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(user);
        if (!LambdaTriggers.Has(pool, TriggerNames.PostAuthentication))
        {
            return;
        }

        var request = new JsonObject
        {
            ["userAttributes"] = TriggerJson.UserAttributes(user),
            ["newDeviceUsed"] = false,
            ["clientMetadata"] = TriggerJson.Map(clientMetadata),
        };
        await triggers.InvokeAsync(pool, TriggerNames.PostAuthentication, new TriggerContext(PostAuthenticationSource, user.Username, client.ClientId), request, cancellationToken).ConfigureAwait(false);
    }
}

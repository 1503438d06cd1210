// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Tessera.Core.Clients;
using Tessera.Core.Errors;
using Tessera.Core.Pools;

namespace Tessera.Core.Configuration;

/// <summary>A stored document as the API returns it: its own members, who it belongs to and when it last changed.</summary>
public sealed record StoredDocument(string Key, string? ClientId, JsonObject Members, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>
/// The configuration Tessera keeps and returns exactly without acting on it: risk configuration, log delivery, terms
/// documents and managed login branding (docs/compatibility.md says so). The members arrive checked against the
/// service model; this type adds the rules between requests that AWS documents (who owns what, what must be unique).
/// </summary>
public sealed class PoolConfigurationService(IUserPoolStore pools, IAppClientStore clients, IPoolDocumentStore documents, TimeProvider time)
{
    /// <summary>ListTerms pages through at most 60 documents (ListTermsRequest MaxResults).</summary>
    public const int MaxTermsPage = 60;

    /// <summary>
    /// SetRiskConfiguration. "To set the risk configuration for the user pool to defaults, send this request with only
    /// the UserPoolId parameter. To reset the threat protection settings of an app client to be inherited from the user
    /// pool, send UserPoolId and ClientId parameters only." Threat protection must be on: UserPoolAddOns'
    /// AdvancedSecurityMode AUDIT or ENFORCED, else UserPoolAddOnNotEnabledException (API reference).
    /// </summary>
    public async Task<StoredDocument> SetRiskConfigurationAsync(string poolId, string? clientId, JsonObject members, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(members);
        var pool = await PoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        await ClientAsync(poolId, clientId, cancellationToken).ConfigureAwait(false);
        AuthEvents.AuthEventRecorder.RequireThreatProtection(pool);

        if (members.Count == 0)
        {
            await documents.DeleteAsync(poolId, PoolDocumentKinds.RiskConfiguration, clientId ?? string.Empty, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await SaveAsync(poolId, PoolDocumentKinds.RiskConfiguration, clientId ?? string.Empty, clientId, members, cancellationToken).ConfigureAwait(false);
        }

        return await RiskConfigurationAsync(poolId, clientId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>DescribeRiskConfiguration: the client's own configuration, else the pool's, which every client inherits.</summary>
    public async Task<StoredDocument> RiskConfigurationAsync(string poolId, string? clientId, CancellationToken cancellationToken)
    {
        await PoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        await ClientAsync(poolId, clientId, cancellationToken).ConfigureAwait(false);
        var found = (clientId is null ? null : await documents.FindAsync(poolId, PoolDocumentKinds.RiskConfiguration, clientId, cancellationToken).ConfigureAwait(false))
            ?? await documents.FindAsync(poolId, PoolDocumentKinds.RiskConfiguration, string.Empty, cancellationToken).ConfigureAwait(false);
        return found is null ? new StoredDocument(string.Empty, null, [], default, default) : View(found);
    }

    /// <summary>SetLogDeliveryConfiguration replaces the pool's whole list of log configurations.</summary>
    public async Task<StoredDocument> SetLogDeliveryAsync(string poolId, JsonObject members, CancellationToken cancellationToken)
    {
        await PoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        return await SaveAsync(poolId, PoolDocumentKinds.LogDelivery, string.Empty, null, members, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>GetLogDeliveryConfiguration: what was set, or no log configurations.</summary>
    public async Task<StoredDocument> LogDeliveryAsync(string poolId, CancellationToken cancellationToken)
    {
        await PoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        var found = await documents.FindAsync(poolId, PoolDocumentKinds.LogDelivery, string.Empty, cancellationToken).ConfigureAwait(false);
        return found is null ? new StoredDocument(string.Empty, null, new JsonObject { ["LogConfigurations"] = new JsonArray() }, default, default) : View(found);
    }

    /// <summary>
    /// CreateTerms: one document of each TermsName (terms-of-use, privacy-policy) per app client; a second of the same
    /// name is TermsExistsException, as for CreateManagedLoginBranding's one style per client.
    /// </summary>
    public async Task<StoredDocument> CreateTermsAsync(string poolId, string clientId, JsonObject members, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(members);
        await PoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        await ClientAsync(poolId, clientId, cancellationToken).ConfigureAwait(false);
        // TermsSource LINK, its only value, points at the documents: TermsType requires Links.
        if (!members.ContainsKey("Links"))
        {
            throw CognitoErrors.InvalidParameter("Links are required when TermsSource is LINK.");
        }

        await EnsureTermsNameFreeAsync(poolId, clientId, Name(members), null, cancellationToken).ConfigureAwait(false);
        return await SaveAsync(poolId, PoolDocumentKinds.Terms, Guid.NewGuid().ToString(), clientId, members, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>UpdateTerms: the members given replace the stored ones; the others stay.</summary>
    public async Task<StoredDocument> UpdateTermsAsync(string poolId, string termsId, JsonObject changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var current = await TermsAsync(poolId, termsId, cancellationToken).ConfigureAwait(false);
        if (changes.ContainsKey("TermsName"))
        {
            await EnsureTermsNameFreeAsync(poolId, current.ClientId!, Name(changes), termsId, cancellationToken).ConfigureAwait(false);
        }

        return await SaveAsync(poolId, PoolDocumentKinds.Terms, termsId, current.ClientId, Merge(current.Members, changes), cancellationToken, current.CreatedAt).ConfigureAwait(false);
    }

    public async Task<StoredDocument> TermsAsync(string poolId, string termsId, CancellationToken cancellationToken)
    {
        await PoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        var found = await documents.FindAsync(poolId, PoolDocumentKinds.Terms, termsId, cancellationToken).ConfigureAwait(false)
            ?? throw CognitoErrors.ResourceNotFound($"Terms {termsId} do not exist in user pool {poolId}.");
        return View(found);
    }

    public async Task DeleteTermsAsync(string poolId, string termsId, CancellationToken cancellationToken)
    {
        await PoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        if (!await documents.DeleteAsync(poolId, PoolDocumentKinds.Terms, termsId, cancellationToken).ConfigureAwait(false))
        {
            throw CognitoErrors.ResourceNotFound($"Terms {termsId} do not exist in user pool {poolId}.");
        }
    }

    /// <summary>ListTerms: one page, oldest first; the next token is the position of the page that follows.</summary>
    public async Task<(IReadOnlyList<StoredDocument> Terms, string? NextToken)> ListTermsAsync(string poolId, int? maxResults, string? nextToken, CancellationToken cancellationToken)
    {
        await PoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        var all = await documents.ListAsync(poolId, PoolDocumentKinds.Terms, null, cancellationToken).ConfigureAwait(false);
        var start = 0;
        if (!string.IsNullOrEmpty(nextToken) && (!int.TryParse(nextToken, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out start) || start > all.Count))
        {
            throw CognitoErrors.InvalidPaginationToken();
        }

        var size = maxResults ?? MaxTermsPage;
        var page = all.Skip(start).Take(size).Select(View).ToList();
        return (page, start + size < all.Count ? (start + size).ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
    }

    /// <summary>
    /// CreateManagedLoginBranding: one style per app client (ManagedLoginBrandingExistsException otherwise);
    /// "When you specify true for [UseCognitoProvidedValues], you must also omit values for Settings and Assets".
    /// </summary>
    public async Task<StoredDocument> CreateBrandingAsync(string poolId, string clientId, JsonObject members, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(members);
        await PoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        await ClientAsync(poolId, clientId, cancellationToken).ConfigureAwait(false);
        CheckCognitoProvidedValues(members);
        if ((await documents.ListAsync(poolId, PoolDocumentKinds.ManagedLoginBranding, clientId, cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            throw new CognitoException("ManagedLoginBrandingExistsException", $"App client {clientId} already has a managed login branding style.");
        }

        return await SaveAsync(poolId, PoolDocumentKinds.ManagedLoginBranding, Guid.NewGuid().ToString(), clientId, members, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// UpdateManagedLoginBranding: Cognito "preserves existing style settings that you don't specify"; choosing
    /// Cognito's values drops the style's own Settings and Assets.
    /// </summary>
    public async Task<StoredDocument> UpdateBrandingAsync(string? poolId, string? brandingId, JsonObject changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (poolId is null || brandingId is null)
        {
            throw CognitoErrors.InvalidParameter("UserPoolId and ManagedLoginBrandingId are required.");
        }

        CheckCognitoProvidedValues(changes);
        var current = await BrandingAsync(poolId, brandingId, cancellationToken).ConfigureAwait(false);
        var merged = Merge(current.Members, changes);
        if (changes["UseCognitoProvidedValues"]?.GetValue<bool>() == true)
        {
            merged.Remove("Settings");
            merged.Remove("Assets");
        }
        else if (changes.ContainsKey("Settings") || changes.ContainsKey("Assets"))
        {
            merged["UseCognitoProvidedValues"] = false;
        }

        return await SaveAsync(poolId, PoolDocumentKinds.ManagedLoginBranding, brandingId, current.ClientId, merged, cancellationToken, current.CreatedAt).ConfigureAwait(false);
    }

    public async Task<StoredDocument> BrandingAsync(string poolId, string brandingId, CancellationToken cancellationToken)
    {
        await PoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        var found = await documents.FindAsync(poolId, PoolDocumentKinds.ManagedLoginBranding, brandingId, cancellationToken).ConfigureAwait(false)
            ?? throw CognitoErrors.ResourceNotFound($"Managed login branding {brandingId} does not exist in user pool {poolId}.");
        return View(found);
    }

    public async Task<StoredDocument> BrandingByClientAsync(string poolId, string clientId, CancellationToken cancellationToken)
    {
        await PoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        await ClientAsync(poolId, clientId, cancellationToken).ConfigureAwait(false);
        var found = await documents.ListAsync(poolId, PoolDocumentKinds.ManagedLoginBranding, clientId, cancellationToken).ConfigureAwait(false);
        return found.Count > 0 ? View(found[0]) : throw CognitoErrors.ResourceNotFound($"App client {clientId} has no managed login branding style.");
    }

    public async Task DeleteBrandingAsync(string poolId, string brandingId, CancellationToken cancellationToken)
    {
        await PoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        if (!await documents.DeleteAsync(poolId, PoolDocumentKinds.ManagedLoginBranding, brandingId, cancellationToken).ConfigureAwait(false))
        {
            throw CognitoErrors.ResourceNotFound($"Managed login branding {brandingId} does not exist in user pool {poolId}.");
        }
    }

    private static void CheckCognitoProvidedValues(JsonObject members)
    {
        if (members["UseCognitoProvidedValues"]?.GetValue<bool>() == true && (members.ContainsKey("Settings") || members.ContainsKey("Assets")))
        {
            throw CognitoErrors.InvalidParameter("When UseCognitoProvidedValues is true, Settings and Assets must be omitted.");
        }
    }

    private static string? Name(JsonObject members) => members["TermsName"]?.GetValue<string>();

    private async Task EnsureTermsNameFreeAsync(string poolId, string clientId, string? name, string? exceptId, CancellationToken cancellationToken)
    {
        var existing = await documents.ListAsync(poolId, PoolDocumentKinds.Terms, clientId, cancellationToken).ConfigureAwait(false);
        if (existing.Any(d => d.Key != exceptId && Name(Parse(d.Json)) == name))
        {
            throw new CognitoException("TermsExistsException", $"App client {clientId} already has terms named {name}.");
        }
    }

    private static JsonObject Merge(JsonObject current, JsonObject changes)
    {
        var merged = (JsonObject)current.DeepClone();
        foreach (var (name, value) in changes)
        {
            merged[name] = value?.DeepClone();
        }

        return merged;
    }

    private async Task<UserPool> PoolAsync(string poolId, CancellationToken cancellationToken)
        => await pools.FindAsync(poolId, cancellationToken).ConfigureAwait(false) ?? throw CognitoErrors.UserPoolNotFound(poolId);

    private async Task ClientAsync(string poolId, string? clientId, CancellationToken cancellationToken)
    {
        if (clientId is null)
        {
            return;
        }

        var client = await clients.FindAsync(clientId, cancellationToken).ConfigureAwait(false);
        if (client is null || client.PoolId != poolId)
        {
            throw CognitoErrors.ClientNotFound(clientId);
        }
    }

    private async Task<StoredDocument> SaveAsync(string poolId, string kind, string key, string? clientId, JsonObject members, CancellationToken cancellationToken, DateTimeOffset? createdAt = null)
    {
        var now = time.GetUtcNow();
        var existing = createdAt ?? (await documents.FindAsync(poolId, kind, key, cancellationToken).ConfigureAwait(false))?.CreatedAt;
        var document = new PoolDocument
        {
            PoolId = poolId,
            Kind = kind,
            Key = key,
            ClientId = clientId,
            Json = members.ToJsonString(),
            CreatedAt = existing ?? now,
            UpdatedAt = now,
        };
        await documents.SaveAsync(document, cancellationToken).ConfigureAwait(false);
        return View(document);
    }

    private static StoredDocument View(PoolDocument document) => new(document.Key, document.ClientId, Parse(document.Json), document.CreatedAt, document.UpdatedAt);

    private static JsonObject Parse(string json) => JsonNode.Parse(json) as JsonObject ?? [];
}

// SPDX-License-Identifier: Apache-2.0
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Tessera.Core.Clients;
using Tessera.Core.Errors;
using Tessera.Core.Paging;
using Tessera.Core.Pools;
using Tessera.Core.Security;
using Tessera.Core.Users;

namespace Tessera.Core.Federation;

/// <summary>CreateIdentityProvider and friends: a pool's external identity providers, their secrets sealed at rest.</summary>
public sealed class IdentityProviderService(
    IUserPoolStore pools,
    IIdentityProviderStore providers,
    IAppClientStore clients,
    IUpstreamMetadata upstream,
    SecretProtector protector,
    IOptions<FederationOptions> options,
    TimeProvider time)
{
    internal const string SecretPurpose = "identity-provider-secrets";
    internal const string CertificateKeyPurpose = "saml-signing-key";

    public async Task<IdentityProvider> CreateAsync(
        string poolId, string name, string type, IReadOnlyDictionary<string, string> details, IReadOnlyDictionary<string, string>? mapping,
        IReadOnlyList<string>? identifiers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(details);
        var pool = await RequirePoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        ProviderDetailsRules.CheckName(name, type);
        var now = time.GetUtcNow();
        var provider = new IdentityProvider
        {
            PoolId = poolId,
            ProviderName = name,
            ProviderType = type,
            AttributeMapping = ProviderDetailsRules.CheckAttributeMapping(type, mapping, UserPoolSchema.Of(pool)),
            IdpIdentifiers = ProviderDetailsRules.CheckIdpIdentifiers(identifiers),
            CreatedAt = now,
            LastModifiedAt = now,
        };
        await CheckIdentifiersFreeAsync(provider, cancellationToken).ConfigureAwait(false);
        await SetDetailsAsync(provider, details, new Dictionary<string, string>(), cancellationToken).ConfigureAwait(false);
        if (!await providers.TryAddAsync(provider, cancellationToken).ConfigureAwait(false))
        {
            throw new CognitoException("DuplicateProviderException", $"{name} already exists in user pool {poolId}");
        }

        return provider;
    }

    public async Task<IdentityProvider> GetAsync(string poolId, string name, CancellationToken cancellationToken)
    {
        _ = await RequirePoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        return await providers.FindAsync(poolId, name, cancellationToken).ConfigureAwait(false) ?? throw NotFound(name);
    }

    /// <summary>UpdateIdentityProvider: each given member replaces the stored one; omitted members are kept.</summary>
    public async Task<IdentityProvider> UpdateAsync(
        string poolId, string name, IReadOnlyDictionary<string, string>? details, IReadOnlyDictionary<string, string>? mapping,
        IReadOnlyList<string>? identifiers, CancellationToken cancellationToken)
    {
        var pool = await RequirePoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        var provider = await providers.FindAsync(poolId, name, cancellationToken).ConfigureAwait(false) ?? throw NotFound(name);
        if (mapping is not null)
        {
            provider.AttributeMapping = ProviderDetailsRules.CheckAttributeMapping(provider.ProviderType, mapping, UserPoolSchema.Of(pool));
        }

        if (identifiers is not null)
        {
            provider.IdpIdentifiers = ProviderDetailsRules.CheckIdpIdentifiers(identifiers);
            await CheckIdentifiersFreeAsync(provider, cancellationToken).ConfigureAwait(false);
        }

        if (details is not null)
        {
            await SetDetailsAsync(provider, details, Secrets(provider), cancellationToken).ConfigureAwait(false);
        }

        provider.LastModifiedAt = time.GetUtcNow();
        await providers.UpdateAsync(provider, cancellationToken).ConfigureAwait(false);
        return provider;
    }

    /// <summary>DeleteIdentityProvider; the app clients that listed the provider no longer do.</summary>
    public async Task DeleteAsync(string poolId, string name, CancellationToken cancellationToken)
    {
        _ = await RequirePoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        if (!await providers.DeleteAsync(poolId, name, cancellationToken).ConfigureAwait(false))
        {
            throw NotFound(name);
        }

        string? after = null;
        while (true)
        {
            var page = await clients.ListAsync(poolId, after, 60, cancellationToken).ConfigureAwait(false);
            foreach (var client in page.Where(c => c.Settings.SupportedIdentityProviders?.Contains(name) == true))
            {
                client.Settings = client.Settings with { SupportedIdentityProviders = client.Settings.SupportedIdentityProviders!.Where(p => p != name).ToList() };
                client.UpdatedAt = time.GetUtcNow();
                await clients.UpdateAsync(client, cancellationToken).ConfigureAwait(false);
            }

            if (page.Count < 60)
            {
                return;
            }

            after = page[^1].ClientId;
        }
    }

    /// <summary>ListIdentityProviders: one page in name order.</summary>
    public async Task<(IReadOnlyList<IdentityProvider> Page, string? NextToken)> ListAsync(string poolId, int? maxResults, string? nextToken, CancellationToken cancellationToken)
    {
        _ = await RequirePoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        var after = PageToken.Decode("idps", nextToken);
        var limit = maxResults is null or 0 ? 60 : maxResults.Value;
        var all = await providers.ListAsync(poolId, cancellationToken).ConfigureAwait(false);
        var rest = all.Where(p => after is null || string.CompareOrdinal(p.ProviderName, after) > 0).Take(limit + 1).ToList();
        return PageToken.Slice(rest, limit, "idps", p => p.ProviderName);
    }

    /// <summary>GetIdentityProviderByIdentifier: identifiers match without regard to case, as email domains do.</summary>
    public async Task<IdentityProvider> GetByIdentifierAsync(string poolId, string identifier, CancellationToken cancellationToken)
    {
        _ = await RequirePoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        var all = await providers.ListAsync(poolId, cancellationToken).ConfigureAwait(false);
        return all.FirstOrDefault(p => p.IdpIdentifiers.Contains(identifier, StringComparer.OrdinalIgnoreCase))
            ?? throw CognitoErrors.ResourceNotFound($"Identity provider with identifier {identifier} does not exist.");
    }

    /// <summary>
    /// An app client's SupportedIdentityProviders must name COGNITO or providers of its pool
    /// ("The provider X does not exist for User Pool Y").
    /// </summary>
    public async Task CheckSupportedAsync(string poolId, IReadOnlyList<string>? names, CancellationToken cancellationToken)
    {
        var named = (names ?? []).Where(n => n != ProviderTypes.Cognito).ToList();
        if (named.Count == 0)
        {
            return;
        }

        var existing = (await providers.ListAsync(poolId, cancellationToken).ConfigureAwait(false)).Select(p => p.ProviderName).ToHashSet(StringComparer.Ordinal);
        if (named.FirstOrDefault(n => !existing.Contains(n)) is { } missing)
        {
            throw CognitoErrors.InvalidParameter($"The provider {missing} does not exist for User Pool {poolId}");
        }
    }

    /// <summary>The ProviderDetails as DescribeIdentityProvider returns them: the client secret too, Apple's private key never.</summary>
    public Dictionary<string, string> DescribeDetails(IdentityProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var result = new Dictionary<string, string>(provider.Details, StringComparer.Ordinal);
        if (Secrets(provider).TryGetValue(ProviderDetailsRules.ClientSecret, out var secret))
        {
            result[ProviderDetailsRules.ClientSecret] = secret;
        }

        return result;
    }

    /// <summary>A sealed detail of <paramref name="provider"/> (client_secret, private_key), or null.</summary>
    public string? RevealSecret(IdentityProvider provider, string key) => Secrets(provider).GetValueOrDefault(key);

    /// <summary>GetSigningCertificate: the pool's SAML certificate, made on first use and valid for 10 years, as AWS issues them.</summary>
    public async Task<string> GetSigningCertificateAsync(string poolId, CancellationToken cancellationToken)
    {
        _ = await RequirePoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        return Convert.ToBase64String((await CertificateAsync(poolId, cancellationToken).ConfigureAwait(false)).CertificateDer);
    }

    /// <summary>The private key of the pool's SAML certificate, unsealed, to sign requests to SAML IdPs with.</summary>
    public async Task<RSA> SamlSigningKeyAsync(string poolId, CancellationToken cancellationToken)
    {
        var certificate = await CertificateAsync(poolId, cancellationToken).ConfigureAwait(false);
        var key = RSA.Create();
        key.ImportPkcs8PrivateKey(protector.Unprotect(certificate.SealedPrivateKey, CertificateKeyPurpose), out _);
        return key;
    }

    private async Task<SamlSigningCertificate> CertificateAsync(string poolId, CancellationToken cancellationToken)
    {
        var stored = await providers.FindCertificateAsync(poolId, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest($"CN={poolId}, O=Tessera", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var now = time.GetUtcNow();
            using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
            var candidate = new SamlSigningCertificate
            {
                PoolId = poolId,
                CertificateDer = certificate.RawData,
                SealedPrivateKey = protector.Protect(key.ExportPkcs8PrivateKey(), CertificateKeyPurpose),
                CreatedAt = now,
            };
            stored = await providers.TryAddCertificateAsync(candidate, cancellationToken).ConfigureAwait(false)
                ? candidate
                : await providers.FindCertificateAsync(poolId, cancellationToken).ConfigureAwait(false) ?? candidate;
        }

        return stored;
    }

    private async Task SetDetailsAsync(IdentityProvider provider, IReadOnlyDictionary<string, string> requested, IReadOnlyDictionary<string, string> kept, CancellationToken cancellationToken)
    {
        var (details, secrets) = ProviderDetailsRules.Check(provider.ProviderType, requested, kept, options.Value);
        if (ProviderDetailsRules.NeedsDiscovery(provider.ProviderType, details))
        {
            OidcDiscovery discovery;
            try
            {
                discovery = await upstream.DiscoverAsync(new Uri(details["oidc_issuer"]), cancellationToken).ConfigureAwait(false);
            }
            catch (UpstreamException)
            {
                throw CognitoErrors.InvalidParameter("Unable to contact well-known endpoint of oidc_issuer.");
            }

            ProviderDetailsRules.ApplyDiscovery(details, discovery);
        }

        provider.Metadata = null;
        if (provider.ProviderType == ProviderTypes.Saml)
        {
            string xml;
            if (details.TryGetValue(ProviderDetailsRules.MetadataFile, out var file))
            {
                xml = file;
            }
            else
            {
                try
                {
                    xml = await upstream.FetchSamlMetadataAsync(new Uri(details[ProviderDetailsRules.MetadataUrl]), cancellationToken).ConfigureAwait(false);
                }
                catch (UpstreamException)
                {
                    throw CognitoErrors.InvalidParameter("Unable to retrieve metadata from MetadataURL.");
                }
            }

            var metadata = SamlIdpMetadata.TryParse(xml) ?? throw CognitoErrors.InvalidParameter("Invalid SAML metadata: an IDPSSODescriptor with a SingleSignOnService and a signing certificate is required.");
            ProviderDetailsRules.ApplySamlMetadata(details, metadata);
            if (details.GetValueOrDefault("EncryptedResponses") == "true")
            {
                details["ActiveEncryptionCertificate"] = await GetSigningCertificateAsync(provider.PoolId, cancellationToken).ConfigureAwait(false);
            }

            provider.Metadata = xml;
        }

        provider.Details = details;
        provider.SealedSecrets = secrets.Count == 0 ? null : protector.ProtectString(JsonSerializer.Serialize(secrets), SecretPurpose);
    }

    private async Task CheckIdentifiersFreeAsync(IdentityProvider provider, CancellationToken cancellationToken)
    {
        if (provider.IdpIdentifiers.Count == 0)
        {
            return;
        }

        var others = await providers.ListAsync(provider.PoolId, cancellationToken).ConfigureAwait(false);
        var taken = others.Where(p => p.ProviderName != provider.ProviderName).SelectMany(p => p.IdpIdentifiers).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (provider.IdpIdentifiers.FirstOrDefault(taken.Contains) is { } clash)
        {
            // UpdateIdentityProvider's errors have no DuplicateProviderException: a taken identifier is a bad parameter in both.
            throw CognitoErrors.InvalidParameter($"The identifier {clash} is already used by another identity provider of user pool {provider.PoolId}");
        }
    }

    private Dictionary<string, string> Secrets(IdentityProvider provider)
        => provider.SealedSecrets is null
            ? new(StringComparer.Ordinal)
            : JsonSerializer.Deserialize<Dictionary<string, string>>(protector.UnprotectString(provider.SealedSecrets, SecretPurpose)) ?? new(StringComparer.Ordinal);

    private async Task<UserPool> RequirePoolAsync(string poolId, CancellationToken cancellationToken)
        => await pools.FindAsync(poolId, cancellationToken).ConfigureAwait(false) ?? throw CognitoErrors.UserPoolNotFound(poolId);

    private static CognitoException NotFound(string name) => CognitoErrors.ResourceNotFound($"Identity provider {name} does not exist.");
}

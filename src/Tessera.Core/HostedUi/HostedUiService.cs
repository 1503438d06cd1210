// SPDX-License-Identifier: Apache-2.0
using System.Text.RegularExpressions;
using Tessera.Core.Clients;
using Tessera.Core.Errors;
using Tessera.Core.Pools;

namespace Tessera.Core.HostedUi;

/// <summary>User-pool domains and SetUICustomization: what the hosted UI is reached at and how it looks.</summary>
public sealed partial class HostedUiService(
    IUserPoolStore pools,
    IAppClientStore clients,
    IUserPoolDomainStore domains,
    IUiCustomizationStore customizations,
    TimeProvider time)
{
    private const int MaxImageBytes = 100 * 1024;

    public async Task<UserPoolDomain> CreateDomainAsync(string poolId, string domain, int? managedLoginVersion, string? certificateArn, string? securityPolicy, CancellationToken cancellationToken)
    {
        await RequirePoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        if (ReservedWord().Match(domain) is { Success: true } reserved)
        {
            throw CognitoErrors.InvalidParameter($"Domain cannot contain reserved word: {reserved.Value}");
        }

        var existing = await domains.ListForPoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        // A pool has at most one prefix domain and one custom domain.
        if (existing.Any(d => (d.CertificateArn is null) == (certificateArn is null)))
        {
            throw CognitoErrors.InvalidParameter("User pool already has a domain configured.");
        }

        var now = time.GetUtcNow();
        var record = new UserPoolDomain
        {
            Domain = domain,
            PoolId = poolId,
            ManagedLoginVersion = managedLoginVersion ?? 1,
            CertificateArn = certificateArn,
            SecurityPolicy = securityPolicy,
            CreatedAt = now,
            UpdatedAt = now,
        };
        CheckVersion(record.ManagedLoginVersion);
        if (!await domains.TryAddAsync(record, cancellationToken).ConfigureAwait(false))
        {
            throw CognitoErrors.InvalidParameter("Domain already associated with another user pool.");
        }

        return record;
    }

    public Task<UserPoolDomain?> FindDomainAsync(string domain, CancellationToken cancellationToken) => domains.FindAsync(domain, cancellationToken);

    public Task<IReadOnlyList<UserPoolDomain>> DomainsOfPoolAsync(string poolId, CancellationToken cancellationToken) => domains.ListForPoolAsync(poolId, cancellationToken);

    public async Task<UserPoolDomain> UpdateDomainAsync(string poolId, string domain, int? managedLoginVersion, string? certificateArn, string? securityPolicy, CancellationToken cancellationToken)
    {
        var record = await OwnedDomainAsync(poolId, domain, cancellationToken).ConfigureAwait(false);
        if (managedLoginVersion is { } version)
        {
            CheckVersion(version);
            record.ManagedLoginVersion = version;
        }

        if (certificateArn is not null)
        {
            if (record.CertificateArn is null)
            {
                throw CognitoErrors.InvalidParameter("A certificate can only be updated on a custom domain.");
            }

            record.CertificateArn = certificateArn;
            record.SecurityPolicy = securityPolicy ?? record.SecurityPolicy;
        }

        record.UpdatedAt = time.GetUtcNow();
        await domains.UpdateAsync(record, cancellationToken).ConfigureAwait(false);
        return record;
    }

    public async Task DeleteDomainAsync(string poolId, string domain, CancellationToken cancellationToken)
    {
        _ = await OwnedDomainAsync(poolId, domain, cancellationToken).ConfigureAwait(false);
        await domains.DeleteAsync(domain, cancellationToken).ConfigureAwait(false);
    }

    public async Task<UiCustomization> SetCustomizationAsync(string poolId, string? clientId, string? css, byte[]? image, CancellationToken cancellationToken)
    {
        await RequirePoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        if ((await domains.ListForPoolAsync(poolId, cancellationToken).ConfigureAwait(false)).Count == 0)
        {
            throw CognitoErrors.InvalidParameter("There has to be an existing domain associated with this user pool");
        }

        clientId = await CheckClientAsync(poolId, clientId, cancellationToken).ConfigureAwait(false);
        UiCssValidator.Validate(css);
        string? contentType = null;
        if (image is { Length: > 0 })
        {
            if (image.Length > MaxImageBytes)
            {
                throw CognitoErrors.InvalidParameter("The logo image must be no larger than 100 KB.");
            }

            contentType = ImageType(image) ?? throw CognitoErrors.InvalidParameter("The logo image must be a PNG or JPEG file.");
        }

        var now = time.GetUtcNow();
        var existing = await customizations.FindAsync(poolId, clientId, cancellationToken).ConfigureAwait(false);
        var record = new UiCustomization
        {
            PoolId = poolId,
            ClientId = clientId,
            Css = string.IsNullOrEmpty(css) ? null : css,
            Image = image is { Length: > 0 } ? image : null,
            ImageContentType = contentType,
            CreatedAt = existing?.CreatedAt ?? now,
            UpdatedAt = now,
            Version = now.ToUnixTimeMilliseconds(),
        };
        await customizations.SaveAsync(record, cancellationToken).ConfigureAwait(false);
        return record;
    }

    /// <summary>GetUICustomization: the client's own settings, else the pool-wide (<c>ALL</c>) ones, else an empty record.</summary>
    public async Task<UiCustomization> GetCustomizationAsync(string poolId, string? clientId, CancellationToken cancellationToken)
    {
        await RequirePoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        clientId = await CheckClientAsync(poolId, clientId, cancellationToken).ConfigureAwait(false);
        return await EffectiveCustomizationAsync(poolId, clientId, cancellationToken).ConfigureAwait(false)
            ?? new UiCustomization { PoolId = poolId, ClientId = clientId };
    }

    /// <summary>What the hosted UI applies for a client: its own customization, or the pool-wide one.</summary>
    public async Task<UiCustomization?> EffectiveCustomizationAsync(string poolId, string clientId, CancellationToken cancellationToken)
        => await customizations.FindAsync(poolId, clientId, cancellationToken).ConfigureAwait(false)
            ?? (clientId == UiCustomization.AllClients ? null : await customizations.FindAsync(poolId, UiCustomization.AllClients, cancellationToken).ConfigureAwait(false));

    private async Task<string> CheckClientAsync(string poolId, string? clientId, CancellationToken cancellationToken)
    {
        if (clientId is null or UiCustomization.AllClients)
        {
            return UiCustomization.AllClients;
        }

        var client = await clients.FindAsync(clientId, cancellationToken).ConfigureAwait(false);
        return client is not null && client.PoolId == poolId ? clientId : throw CognitoErrors.ClientNotFound(clientId);
    }

    private async Task<UserPoolDomain> OwnedDomainAsync(string poolId, string domain, CancellationToken cancellationToken)
    {
        await RequirePoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        var record = await domains.FindAsync(domain, cancellationToken).ConfigureAwait(false);
        return record is not null && record.PoolId == poolId ? record : throw CognitoErrors.InvalidParameter("No such domain or user pool exists.");
    }

    private async Task RequirePoolAsync(string poolId, CancellationToken cancellationToken)
        => _ = await pools.FindAsync(poolId, cancellationToken).ConfigureAwait(false) ?? throw CognitoErrors.UserPoolNotFound(poolId);

    private static void CheckVersion(int version)
    {
        if (version is not (1 or 2))
        {
            throw CognitoErrors.InvalidParameter("ManagedLoginVersion must be 1 or 2.");
        }
    }

    private static string? ImageType(byte[] image) => image switch
    {
        [0x89, 0x50, 0x4E, 0x47, ..] => "image/png",
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        _ => null,
    };

    [GeneratedRegex("aws|amazon|cognito", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex ReservedWord();
}

// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tessera.Core.Clients;
using Tessera.Core.Groups;
using Tessera.Core.Lifecycle;
using Tessera.Core.Identity;
using Tessera.Core.Pools;
using Tessera.Core.Tokens;
using Tessera.Core.Users;
using Tessera.Storage.Diagnostics;
using Tessera.Storage.Stores;

namespace Tessera.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers the EF Core stores; <paramref name="configure"/> chooses the provider.</summary>
    public static IServiceCollection AddTesseraStorage(this IServiceCollection services, Action<DbContextOptionsBuilder> configure)
    {
        services.AddDbContextPool<TesseraDbContext>(o =>
        {
            configure(o);
            o.AddInterceptors(StoreTiming.Instance);
        });
        // The stores forget what the OAuth endpoints cached whenever they write it.
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<Tessera.Core.OAuth.OAuthLookupCache>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Tessera.Core.Snapshots.IStoreCache, Tessera.Core.OAuth.OAuthLookupCache>(
            sp => sp.GetRequiredService<Tessera.Core.OAuth.OAuthLookupCache>()));
        services.AddScoped<IUserPoolStore, UserPoolStore>();
        services.AddScoped<IAppClientStore, AppClientStore>();
        services.AddScoped<Tessera.Core.Configuration.IPoolDocumentStore, PoolDocumentStore>();
        services.AddScoped<IUserStore, UserStore>();
        services.AddScoped<IGroupStore, GroupStore>();
        services.AddScoped<IRefreshTokenStore, RefreshTokenStore>();
        services.AddScoped<Tessera.Core.Sessions.ISessionStore, SessionStore>();
        services.AddScoped<Tessera.Core.Sessions.IHousekeepingStore, HousekeepingStore>();
        services.AddScoped<Tessera.Core.Devices.IDeviceStore, DeviceStore>();
        services.AddScoped<ISigningKeyStore, SigningKeyStore>();
        services.AddScoped<Tessera.Core.HostedUi.IUserPoolDomainStore, UserPoolDomainStore>();
        services.AddScoped<Tessera.Core.HostedUi.IUiCustomizationStore, UiCustomizationStore>();
        services.AddScoped<Tessera.Core.ResourceServers.IResourceServerStore, ResourceServerStore>();
        services.AddScoped<Tessera.Core.OAuth.IAuthorizationCodeStore, AuthorizationCodeStore>();
        services.AddScoped<IVerificationCodeStore, VerificationCodeStore>();
        services.AddScoped<IInboxStore, InboxStore>();
        services.AddScoped<IIdentityPoolStore, IdentityPoolStore>();
        services.AddScoped<IIdentityStore, IdentityStore>();
        services.AddScoped<IIdentitySigningKeyStore, IdentitySigningKeyStore>();
        services.AddScoped<Tessera.Core.Federation.IIdentityProviderStore, IdentityProviderStore>();
        services.AddScoped<Tessera.Core.Auth.Passkeys.IWebAuthnCredentialStore, WebAuthnCredentialStore>();
        services.AddScoped<Tessera.Core.AuthEvents.IAuthEventStore, AuthEventStore>();
        services.AddScoped<Tessera.Core.Portability.IPortabilityStore, PortabilityStore>();
        services.AddScoped<Tessera.Core.UserImport.IUserImportJobStore, UserImportJobStore>();
        return services;
    }
}

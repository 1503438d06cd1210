// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Tessera.Core.Auth;
using Tessera.Core.Auth.Custom;
using Tessera.Core.Auth.Mfa;
using Tessera.Core.Auth.Srp;
using Tessera.Core.Clients;
using Tessera.Core.Federation;
using Tessera.Core.Groups;
using Tessera.Core.HostedUi;
using Tessera.Core.Identity;
using Tessera.Core.Lifecycle;
using Tessera.Core.OAuth;
using Tessera.Core.Pools;
using Tessera.Core.ResourceServers;
using Tessera.Core.Security;
using Tessera.Core.Sessions;
using Tessera.Core.Snapshots;
using Tessera.Core.Tokens;
using Tessera.Core.Triggers;
using Tessera.Core.Users;

namespace Tessera.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers Tessera's domain services. The host adds the stores (AddTesseraStorage), an <see cref="IMessageSender"/>
    /// and an <see cref="ILambdaInvoker"/>, and binds <see cref="TesseraOptions"/> and <see cref="PasswordHashingOptions"/>
    /// (their defaults apply otherwise). A <see cref="TimeProvider"/> registered before this call is kept.
    /// </summary>
    public static IServiceCollection AddTesseraCore(this IServiceCollection services, byte[] masterKey)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OAuthLookupCache>();
        services.AddSingleton(new SecretProtector(masterKey));
        services.AddSingleton(sp => new PasswordHasher(sp.GetRequiredService<IOptions<PasswordHashingOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<AuthSessionSealer>();
        services.AddSingleton<RequestRateLimiter>();
        services.AddSingleton<SecretHash>();
        services.AddSingleton<SigningKeyCache>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStoreCache, SigningKeyCache>(sp => sp.GetRequiredService<SigningKeyCache>()));
        services.AddSingleton<ModularExponentiation>();
        services.AddSingleton<SrpServer>();
        services.AddSingleton<SrpVerifierSealer>();
        services.AddSingleton<HostedSessionSealer>();
        services.AddSingleton<ExistenceTiming>();
        services.AddSingleton<UnknownUserCounters>();
        services.AddSingleton<SignInGuesses>();
        services.AddSingleton<SessionCredentials>();
        services.AddSingleton<IdentityKeyCache>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStoreCache, IdentityKeyCache>(sp => sp.GetRequiredService<IdentityKeyCache>()));

        services.AddScoped<KeyRing>();
        services.AddScoped<TokenIssuer>();
        services.AddScoped<AccessTokenValidator>();
        services.AddScoped<UserDirectory>();
        services.AddScoped<PasswordCheck>();
        services.AddScoped<UserAdministration>();
        services.AddScoped<UserMaintenance>();
        services.AddScoped<GroupService>();
        services.AddScoped<PasswordSetter>();
        services.AddScoped<SignInThrottle>();
        services.AddScoped<AuthService>();
        services.AddScoped<RefreshTokenService>();
        services.AddScoped<RefreshTokenLookup>();
        services.AddScoped<SignInCandidates>();
        services.AddScoped<SrpAuthenticator>();
        services.AddScoped<SoftwareTokenService>();
        services.AddScoped<MfaChallenges>();
        services.AddScoped<MfaPreferences>();
        services.AddScoped<CustomAuthTriggers>();
        services.AddScoped<CustomAuthSessions>();
        services.AddScoped<CustomAuthFlow>();
        services.AddScoped<SignInFlow>();
        services.AddScoped<AuthEvents.AuthEventRecorder>();
        services.AddScoped<AuthEvents.AuthEventService>();
        services.AddScoped<Devices.DeviceService>();
        services.AddScoped<Devices.DeviceAuthenticator>();
        services.AddScoped<Auth.Passkeys.PasskeyService>();
        services.AddScoped<Auth.Passwordless.UserAuthFlow>();
        services.AddScoped<UserPoolService>();
        services.AddScoped<AppClientService>();
        services.AddScoped<Configuration.PoolConfigurationService>();
        services.AddScoped<HostedUiService>();
        services.AddScoped<ResourceServerService>();
        services.AddScoped<OAuthTokenService>();
        services.AddScoped<VerificationCodes>();
        services.AddScoped<CodeMessenger>();
        services.AddScoped<AccountService>();
        services.AddScoped<SelfService>();
        services.AddScoped<SessionRevocation>();
        services.AddScoped<SessionService>();
        services.AddScoped<Housekeeping>();
        services.AddScoped<IdentityKeyRing>();
        services.AddScoped<LoginValidator>();
        services.AddScoped<IdentityPoolService>();
        services.AddScoped<IdentityService>();
        services.AddScoped<WebIdentityValidator>();
        services.AddScoped<LambdaTriggers>();
        services.AddScoped<SignUpTriggers>();
        services.AddScoped<AuthTriggers>();
        services.AddScoped<CustomMessages>();
        services.AddScoped<PreTokenGenerationTrigger>();
        services.AddScoped<UserMigration>();
        services.AddScoped<IdentityProviderService>();
        services.AddSingleton<FederationStateSealer>();
        services.AddSingleton<SamlSessionSealer>();
        services.AddScoped<OidcFederation>();
        services.AddScoped<SamlFederation>();
        services.AddScoped<FederatedUsers>();
        services.AddScoped<ProviderLinking>();
        services.AddScoped<Portability.ImportService>();
        services.AddScoped<Portability.ExportService>();
        services.AddSingleton<UserImport.UserImportSignal>();
        services.AddScoped<UserImport.UserImportService>();
        services.AddScoped<UserImport.UserImportRunner>();
        return services;
    }
}

// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tessera.Core.Auth;
using Tessera.Core.Auth.Mfa;
using Tessera.Core.Auth.Srp;
using Tessera.Core.Lifecycle;
using Tessera.Core.Identity;
using Tessera.Core.Security;
using Tessera.Core.Snapshots;
using Tessera.Core.Tokens;
using Tessera.Core.Triggers;
using Tessera.Core.Users;
using Tessera.Server.AwsJson;
using Tessera.Server.Lambda;
using Tessera.Server.Messaging;
using Tessera.Server.SigV4;
using Tessera.Server.Sts;

namespace Tessera.Server.Hosting;

internal static class CoreServices
{
    /// <summary>The domain services, the operation table and every handler it found.</summary>
    public static IServiceCollection AddTesseraCore(this IServiceCollection services, byte[] masterKey)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new SecretProtector(masterKey));
        services.AddSingleton(sp => new PasswordHasher(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<PasswordHashingOptions>>().Value));
        services.AddSingleton<AuthSessionSealer>();
        services.AddSingleton<SecretHash>();
        services.AddSingleton<SigningKeyCache>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStoreCache, SigningKeyCache>(sp => sp.GetRequiredService<SigningKeyCache>()));
        services.AddScoped<KeyRing>();
        services.AddScoped<TokenIssuer>();
        services.AddScoped<AccessTokenValidator>();
        services.AddScoped<UserDirectory>();
        services.AddScoped<UserAdministration>();
        services.AddScoped<UserMaintenance>();
        services.AddScoped<Tessera.Core.Groups.GroupService>();
        services.AddScoped<PasswordSetter>();
        services.AddScoped<SignInThrottle>();
        services.AddScoped<AuthService>();
        services.AddSingleton<ModularExponentiation>();
        services.AddSingleton<SrpServer>();
        services.AddSingleton<SrpVerifierSealer>();
        services.AddScoped<SignInCandidates>();
        services.AddScoped<SrpAuthenticator>();
        services.AddScoped<SoftwareTokenService>();
        services.AddScoped<MfaChallenges>();
        services.AddScoped<Tessera.Core.Auth.Custom.CustomAuthTriggers>();
        services.AddScoped<Tessera.Core.Auth.Custom.CustomAuthSessions>();
        services.AddScoped<Tessera.Core.Auth.Custom.CustomAuthFlow>();
        services.AddScoped<MfaPreferences>();
        services.AddScoped<Tessera.Core.Pools.UserPoolService>();
        services.AddScoped<Tessera.Core.Clients.AppClientService>();
        services.AddSingleton<Tessera.Core.HostedUi.HostedSessionSealer>();
        services.AddScoped<Tessera.Core.HostedUi.HostedUiService>();
        services.AddScoped<SignInFlow>();
        services.AddScoped<Tessera.Core.ResourceServers.ResourceServerService>();
        services.AddScoped<Tessera.Core.OAuth.OAuthTokenService>();
        services.AddSingleton<ExistenceTiming>();
        services.AddScoped<VerificationCodes>();
        services.AddScoped<CodeMessenger>();
        services.AddScoped<AccountService>();
        services.AddScoped<SelfService>();
        services.AddScoped<SessionRevocation>();
        services.AddSingleton<SmtpMailer>();
        services.AddScoped<IMessageSender, MessageDispatcher>();
        services.AddSingleton<SessionCredentials>();
        services.AddSingleton<IdentityKeyCache>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStoreCache, IdentityKeyCache>(sp => sp.GetRequiredService<IdentityKeyCache>()));
        services.AddScoped<IdentityKeyRing>();
        services.AddScoped<LoginValidator>();
        services.AddScoped<IdentityPoolService>();
        services.AddScoped<IdentityService>();
        services.AddScoped<WebIdentityValidator>();
        services.AddOptions<LambdaOptions>().BindConfiguration("Tessera:Lambda").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<LambdaOptions>, LambdaOptionsValidation>();
        // The invoker's own timeout (Tessera:Lambda:Timeout) applies; TryAdd lets a host put another Lambda in its place.
        services.AddHttpClient<HttpLambdaInvoker>(c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddTransient<ILambdaInvoker>(sp => sp.GetRequiredService<HttpLambdaInvoker>());
        services.AddScoped<LambdaTriggers>();
        services.AddScoped<SignUpTriggers>();
        services.AddScoped<AuthTriggers>();
        services.AddScoped<CustomMessages>();
        services.AddScoped<PreTokenGenerationTrigger>();
        services.AddScoped<UserMigration>();

        services.AddSingleton(new OperationRegistry([ServiceModel.Load("cognito-idp"), ServiceModel.Load("cognito-identity")]));
        foreach (var (type, _, _) in OperationRegistry.DiscoverHandlers())
        {
            services.AddScoped(type);
        }

        services.AddSingleton<CredentialVerifier>();
        services.AddSingleton<IRequestAuthenticator, SigV4Authenticator>();
        services.AddSingleton<StsEndpoint>();
        services.AddSingleton<AwsJsonEndpoint>();
        return services;
    }
}

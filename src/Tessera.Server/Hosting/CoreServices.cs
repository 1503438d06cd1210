// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tessera.Core.Federation;
using Tessera.Core.Triggers;
using Tessera.Core.Users;
using Tessera.Server.AwsJson;
using Tessera.Server.Federation;
using Tessera.Server.Lambda;
using Tessera.Server.Messaging;
using Tessera.Server.SigV4;
using Tessera.Server.Sts;

namespace Tessera.Server.Hosting;

internal static class CoreServices
{
    /// <summary>What the host adds to Tessera.Core's services (AddTesseraCore): mail, Lambda, the operation table and every handler it found, SigV4 and STS.</summary>
    public static IServiceCollection AddTesseraServices(this IServiceCollection services)
    {
        services.AddSingleton<SmtpMailer>();
        services.AddHttpContextAccessor();
        services.AddSingleton<Tessera.Core.Security.ICallerAddress, HttpCallerAddress>();
        services.AddScoped<IMessageSender, MessageDispatcher>();
        services.AddOptions<LambdaOptions>().BindConfiguration("Tessera:Lambda").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<LambdaOptions>, LambdaOptionsValidation>();
        // The invoker's own timeout (Tessera:Lambda:Timeout) applies; TryAdd lets a host put another Lambda in its place.
        // One invoker and one client for the process: every sign-in and refresh resolves LambdaTriggers, and a typed
        // client was built on each of them although most run no trigger. Pooled connections are renewed every few
        // minutes, so a changed DNS answer for the endpoint is seen (what IHttpClientFactory's handler rotation gave).
        services.TryAddSingleton<ILambdaInvoker>(sp => ActivatorUtilities.CreateInstance<HttpLambdaInvoker>(
            sp, new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan }));

        services.AddOptions<FederationOptions>().BindConfiguration("Tessera:Federation").ValidateDataAnnotations().ValidateOnStart();
        // Upstream providers' own redirects are not followed: a token endpoint that redirects is misconfigured.
        services.AddHttpClient<HttpUpstream>(c => c.Timeout = Timeout.InfiniteTimeSpan).ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler { AllowAutoRedirect = false });
        services.TryAddTransient<IUpstreamMetadata>(sp => sp.GetRequiredService<HttpUpstream>());
        services.TryAddTransient<IUpstreamOidc>(sp => sp.GetRequiredService<HttpUpstream>());

        services.AddSingleton(new OperationRegistry([ServiceModel.Load("cognito-idp"), ServiceModel.Load("cognito-identity")]));
        foreach (var (type, _, _) in OperationRegistry.DiscoverHandlers())
        {
            services.AddScoped(type);
        }

        services.AddSingleton<CredentialVerifier>();
        services.AddSingleton<IRequestAuthenticator, SigV4Authenticator>();
        services.AddSingleton<StsEndpoint>();
        services.AddSingleton<AwsJsonEndpoint>();
        services.AddOptions<Tessera.Core.Security.RateLimitOptions>().BindConfiguration("Tessera:RateLimits").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Tessera.Core.Tokens.SigningKeyOptions>().BindConfiguration("Tessera:SigningKeys").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Tessera.Core.Sessions.HousekeepingOptions>().BindConfiguration("Tessera:Housekeeping").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Tessera.Core.AuthEvents.AuthEventOptions>().BindConfiguration("Tessera:AuthEvents").ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<HousekeepingWorker>();
        services.AddSingleton<Tessera.Server.UserImport.UserImportUrls>();
        services.AddHostedService<UserImportWorker>();
        return services;
    }
}

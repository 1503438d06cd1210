// SPDX-License-Identifier: Apache-2.0
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Tessera.AspNetCore.Authentication;

/// <summary>Registers Cognito JWT bearer authentication on top of ASP.NET Core's JwtBearer handler.</summary>
public static class CognitoAuthenticationBuilderExtensions
{
    /// <summary>Adds the <c>Cognito</c> scheme, configured from <c>Authentication:Schemes:Cognito</c> and <paramref name="configure"/>.</summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="configure">Sets the user pool (Region + UserPoolId for AWS, Authority for Tessera), token use and clients.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddCognitoJwtBearer(this AuthenticationBuilder builder, Action<CognitoJwtBearerOptions> configure)
        => builder.AddCognitoJwtBearer(CognitoJwtBearerDefaults.AuthenticationScheme, configure);

    /// <summary>Adds a Cognito scheme named <paramref name="authenticationScheme"/>, configured from <c>Authentication:Schemes:{name}</c> only.</summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="authenticationScheme">The scheme name.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddCognitoJwtBearer(this AuthenticationBuilder builder, string authenticationScheme)
        => builder.AddCognitoJwtBearer(authenticationScheme, static _ => { });

    /// <summary>Adds a Cognito scheme named <paramref name="authenticationScheme"/>.</summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="authenticationScheme">The scheme name.</param>
    /// <param name="configure">Sets the user pool, token use and clients; runs after configuration binding.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddCognitoJwtBearer(this AuthenticationBuilder builder, string authenticationScheme, Action<CognitoJwtBearerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<CognitoJwtBearerOptions>(authenticationScheme)
            .BindConfiguration($"Authentication:Schemes:{authenticationScheme}")
            .Configure(configure);
        // JwtBearer first: its own configuration step (JwtBearerConfigureOptions) replaces TokenValidationParameters
        // whenever Authentication:Schemes:{name} has settings, so the library's step must be registered after it.
        builder.AddJwtBearer(authenticationScheme, static _ => { });
        builder.Services.TryAddSingleton<CognitoJwtBearerConfigure>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<JwtBearerOptions>, CognitoJwtBearerConfigure>(sp => sp.GetRequiredService<CognitoJwtBearerConfigure>()));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<JwtBearerOptions>, CognitoJwtBearerConfigure>(sp => sp.GetRequiredService<CognitoJwtBearerConfigure>()));
        builder.Services.AddSingleton(new CognitoScheme(authenticationScheme));
        return builder;
    }
}

/// <summary>Marks a JwtBearer scheme as a Cognito one.</summary>
internal sealed record CognitoScheme(string Name);

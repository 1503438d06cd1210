// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Server.AwsJson;

/// <summary>One AWS API operation: binds nothing, knows no HTTP, returns the output shape.</summary>
internal interface IOperationHandler<TRequest, TResponse>
{
    ValueTask<TResponse> HandleAsync(TRequest request, CancellationToken cancellationToken);
}

/// <summary>Names the model operation a handler implements; its auth and validation come from the model.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
internal sealed class AwsOperationAttribute(string service, string name) : Attribute
{
    /// <summary>The model name: <c>cognito-idp</c> or <c>cognito-identity</c>.</summary>
    public string Service { get; } = service;

    public string Name { get; } = name;
}

/// <summary>Shorthand for user-pool operations.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
internal sealed class CognitoOperationAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>The empty output shape (<c>{}</c>).</summary>
internal sealed record EmptyResponse;

// SPDX-License-Identifier: Apache-2.0
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Tessera.Server.Lambda;

/// <summary>The <c>Tessera:Lambda</c> section: the Lambda Invoke API endpoint pool triggers are called through.</summary>
public sealed class LambdaOptions
{
    /// <summary>
    /// The Lambda API's base URL, e.g. <c>https://lambda.eu-west-1.amazonaws.com</c> or serverless-offline's
    /// <c>http://localhost:3002</c>. Without it a pool with a trigger answers <c>UnexpectedLambdaException</c>.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The region requests are signed for when the function is named without an ARN. The default is <c>Tessera:Region</c>;
    /// a full function ARN always signs for its own region.</summary>
    public string? Region { get; set; }

    /// <summary>The access key invocations are signed with (SigV4, service <c>lambda</c>). Without it requests go unsigned,
    /// which local emulators accept.</summary>
    public string? AccessKeyId { get; set; }

    /// <summary>The secret of <see cref="AccessKeyId"/>; no default.</summary>
    public string? SecretAccessKey { get; set; }

    /// <summary>The session token of temporary credentials, sent as <c>X-Amz-Security-Token</c>.</summary>
    public string? SessionToken { get; set; }

    /// <summary>How long one invocation may take. The default is 5 seconds, Cognito's own limit.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:15:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Rules across fields, checked at start.</summary>
internal sealed class LambdaOptionsValidation : IValidateOptions<LambdaOptions>
{
    public ValidateOptionsResult Validate(string? name, LambdaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Endpoint is { } endpoint && (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("http" or "https")))
        {
            return ValidateOptionsResult.Fail("Tessera:Lambda:Endpoint must be an absolute http(s) URL.");
        }

        return string.IsNullOrEmpty(options.AccessKeyId) != string.IsNullOrEmpty(options.SecretAccessKey)
            ? ValidateOptionsResult.Fail("Tessera:Lambda:AccessKeyId and Tessera:Lambda:SecretAccessKey go together.")
            : ValidateOptionsResult.Success;
    }
}

// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Tessera.Server.SigV4;

namespace Tessera.Server.Cli;

/// <summary>A call to the source's Cognito API that failed: its error code (<c>__type</c>) and message.</summary>
internal sealed class CognitoSourceException(string message) : Exception(message);

/// <summary>
/// The Cognito API of the deployment a migration reads (AWS, or anything that speaks it, such as another Tessera):
/// JSON 1.1 calls signed with SigV4 (<see cref="SigV4Signer"/>) under credentials of the AWS SDK's credential chain.
/// </summary>
internal sealed class CognitoSource(HttpClient http, Uri idpEndpoint, Uri identityEndpoint, string region, ImmutableCredentials credentials, TimeProvider time)
{
    /// <summary>The credentials of the AWS SDK's chain (environment variables, the shared files' profile, SSO, container and instance roles), or of one profile.</summary>
    public static async Task<ImmutableCredentials> CredentialsAsync(string? profile)
    {
        AWSCredentials credentials;
        if (profile is null)
        {
            credentials = Amazon.Runtime.Credentials.DefaultAWSCredentialsIdentityResolver.GetCredentials(null);
        }
        else if (!new Amazon.Runtime.CredentialManagement.CredentialProfileStoreChain().TryGetAWSCredentials(profile, out credentials))
        {
            throw new CognitoSourceException($"The AWS profile \"{profile}\" is in neither the shared credentials nor the config file.");
        }

        return await credentials.GetCredentialsAsync().ConfigureAwait(false);
    }

    /// <summary>Calls a Cognito user pools operation (<c>AWSCognitoIdentityProviderService.{operation}</c>).</summary>
    public Task<JsonObject> IdpAsync(string operation, JsonObject body, CancellationToken cancellationToken)
        => CallAsync(idpEndpoint, "cognito-idp", "AWSCognitoIdentityProviderService." + operation, body, cancellationToken);

    /// <summary>Calls a Cognito identity pools operation (<c>AWSCognitoIdentityService.{operation}</c>).</summary>
    public Task<JsonObject> IdentityAsync(string operation, JsonObject body, CancellationToken cancellationToken)
        => CallAsync(identityEndpoint, "cognito-identity", "AWSCognitoIdentityService." + operation, body, cancellationToken);

    /// <summary>Every element of <paramref name="items"/> over the pages of a user pools list operation.</summary>
    public async IAsyncEnumerable<JsonObject> IdpPagesAsync(string operation, JsonObject body, string items, string tokenName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? next = null;
        do
        {
            var page = (JsonObject)body.DeepClone();
            if (next is not null)
            {
                page[tokenName] = next;
            }

            var response = await IdpAsync(operation, page, cancellationToken).ConfigureAwait(false);
            foreach (var item in response[items]?.AsArray() ?? [])
            {
                yield return item!.AsObject();
            }

            next = response[tokenName]?.GetValue<string>();
        }
        while (!string.IsNullOrEmpty(next));
    }

    private async Task<JsonObject> CallAsync(Uri endpoint, string service, string target, JsonObject body, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        var host = endpoint.IsDefaultPort ? endpoint.IdnHost : $"{endpoint.IdnHost}:{endpoint.Port}";
        var amzDate = time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.Host = host;
        request.Headers.Add("X-Amz-Date", amzDate);
        request.Headers.Add("X-Amz-Target", target);
        List<KeyValuePair<string, string>> signed =
        [
            new("content-type", "application/x-amz-json-1.1"),
            new("host", host),
            new("x-amz-date", amzDate),
            new("x-amz-target", target),
        ];
        if (credentials.UseToken)
        {
            request.Headers.Add("X-Amz-Security-Token", credentials.Token);
            signed.Add(new("x-amz-security-token", credentials.Token));
        }

        var path = string.IsNullOrEmpty(endpoint.AbsolutePath) ? "/" : endpoint.AbsolutePath;
        request.Headers.TryAddWithoutValidation("Authorization", SigV4Signer.Authorization(new SigV4Request("POST", path, endpoint.Query, signed, bytes), credentials.AccessKey, credentials.SecretKey, region, service));
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        JsonObject? json = null;
        try
        {
            json = JsonNode.Parse(text.Length == 0 ? "{}" : text) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            // Reported below with the status.
        }

        if (!response.IsSuccessStatusCode || json is null)
        {
            // AWS JSON protocol errors: "__type" (possibly prefixed "namespace#"), "message" or "Message".
            var code = (json?["__type"]?.GetValue<string>() ?? (response.Headers.TryGetValues("x-amzn-ErrorType", out var types) ? types.FirstOrDefault() : null) ?? "HTTP " + (int)response.StatusCode).Split('#')[^1].Split(':')[0];
            var message = json?["message"]?.GetValue<string>() ?? json?["Message"]?.GetValue<string>() ?? text;
            throw new CognitoSourceException($"{target.Split('.')[^1]} at {endpoint}: {code}: {message}");
        }

        return json;
    }
}

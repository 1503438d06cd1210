// SPDX-License-Identifier: Apache-2.0
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Tessera.Core;
using Tessera.Core.Triggers;
using Tessera.Server.AwsJson;
using Tessera.Server.Hosting;
using Tessera.Server.SigV4;

namespace Tessera.Server.Lambda;

/// <summary>
/// Calls a trigger through the Lambda Invoke API (<c>POST /2015-03-31/functions/{name}/invocations</c>, RequestResponse),
/// SigV4-signed for service <c>lambda</c>, at <c>Tessera:Lambda:Endpoint</c> — real Lambda or an emulator such as serverless-offline.
/// </summary>
internal sealed partial class HttpLambdaInvoker(
    HttpClient http,
    IOptions<LambdaOptions> options,
    IOptions<TesseraOptions> tessera,
    TimeProvider time,
    ILogger<HttpLambdaInvoker> logger) : ILambdaInvoker
{
    /// <summary>Lambda's own limit on a synchronous invocation's response payload (6 MB, Lambda quotas); nothing larger comes from a real function.</summary>
    public const int MaxAnswerBytes = 6 * 1024 * 1024;

    public async Task<JsonObject> InvokeAsync(string functionArn, string trigger, JsonObject triggerEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(triggerEvent);
        var lambda = options.Value;
        if (lambda.Endpoint is null)
        {
            LogNoEndpoint(logger, trigger, functionArn);
            throw TriggerErrors.InvocationFailed(trigger, "no Lambda endpoint is configured (Tessera:Lambda:Endpoint)");
        }

        var body = Encoding.UTF8.GetBytes(triggerEvent.ToJsonString());
        using var request = BuildRequest(lambda, functionArn, body);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(lambda.Timeout);

        HttpResponseMessage? response = null;
        byte[]? answer;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            using var content = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            answer = await BoundedBody.ReadAsync(content, MaxAnswerBytes, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            response?.Dispose();
            LogTimedOut(logger, trigger, functionArn, lambda.Timeout);
            throw TriggerErrors.InvocationFailed(trigger, "Socket timeout while invoking Lambda function");
        }
        catch (HttpRequestException e)
        {
            response?.Dispose();
            LogUnreachable(logger, trigger, functionArn, lambda.Endpoint, e);
            throw TriggerErrors.InvocationFailed(trigger, "Lambda endpoint unreachable");
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var type = response.Headers.TryGetValues("x-amzn-ErrorType", out var types) ? types.First().Split(':')[0] : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                LogRejected(logger, trigger, functionArn, (int)response.StatusCode, type);
                throw TriggerErrors.InvocationFailed(trigger, response.StatusCode == HttpStatusCode.NotFound ? "ResourceNotFoundException" : type);
            }

            if (answer is null)
            {
                LogTooLarge(logger, trigger, functionArn, MaxAnswerBytes);
                throw TriggerErrors.InvalidResponse(trigger);
            }

            var parsed = Parse(answer);
            if (response.Headers.Contains("X-Amz-Function-Error"))
            {
                // Lambda answers 200 with the function's {errorMessage, errorType, trace}; Cognito passes errorMessage on.
                var message = parsed?["errorMessage"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : "Unhandled";
                throw TriggerErrors.FunctionFailed(trigger, message);
            }

            return parsed as JsonObject ?? throw TriggerErrors.InvalidResponse(trigger);
        }
    }

    private HttpRequestMessage BuildRequest(LambdaOptions lambda, string function, byte[] body)
    {
        var (name, qualifier, arnRegion) = FunctionName(function);
        var path = $"/2015-03-31/functions/{Uri.EscapeDataString(name)}/invocations";
        var query = qualifier is null ? string.Empty : "?Qualifier=" + Uri.EscapeDataString(qualifier);
        var uri = new Uri(lambda.Endpoint!, lambda.Endpoint!.AbsolutePath.TrimEnd('/') + path + query);
        var host = uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}:{uri.Port}";
        var amzDate = time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);

        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Host = host;
        request.Headers.Add("X-Amz-Date", amzDate);
        request.Headers.Add("X-Amz-Invocation-Type", "RequestResponse");
        if (!string.IsNullOrEmpty(lambda.AccessKeyId))
        {
            List<KeyValuePair<string, string>> signed =
            [
                new("content-type", "application/json"),
                new("host", host),
                new("x-amz-date", amzDate),
                new("x-amz-invocation-type", "RequestResponse"),
            ];
            if (!string.IsNullOrEmpty(lambda.SessionToken))
            {
                request.Headers.Add("X-Amz-Security-Token", lambda.SessionToken);
                signed.Add(new("x-amz-security-token", lambda.SessionToken));
            }

            var region = arnRegion ?? lambda.Region ?? tessera.Value.Region;
            var sigRequest = new SigV4Request("POST", uri.AbsolutePath, uri.Query, signed, body);
            request.Headers.TryAddWithoutValidation("Authorization", SigV4Signer.Authorization(sigRequest, lambda.AccessKeyId, lambda.SecretAccessKey!, region, "lambda"));
        }

        return request;
    }

    /// <summary>
    /// The Invoke API takes a name or an ARN, but local emulators (serverless-offline) know functions only by name, so a full
    /// ARN <c>arn:aws:lambda:{region}:{account}:function:{name}[:{qualifier}]</c> is sent as its name (and <c>Qualifier</c>);
    /// its region is the one the call is signed for. The function is therefore looked up in the credentials' account.
    /// </summary>
    internal static (string Name, string? Qualifier, string? Region) FunctionName(string function)
    {
        var parts = function.Split(':');
        return parts is ["arn", _, "lambda", var region, _, "function", var name, ..]
            ? (name, parts.Length > 7 ? parts[7] : null, region)
            : (function, null, null);
    }

    /// <summary>The answer as JSON; null when it is empty, not JSON, or holds text no reader can take as a string.</summary>
    private static JsonNode? Parse(byte[] answer)
    {
        if (answer.Length == 0 || !System.Text.Unicode.Utf8.IsValid(answer))
        {
            return null;
        }

        try
        {
            var node = JsonNode.Parse(answer);
            return JsonStrings.AreWellFormed(answer) ? node : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 2200, Level = LogLevel.Error, Message = "{Trigger} trigger {Function} not invoked: Tessera:Lambda:Endpoint is not configured")]
    private static partial void LogNoEndpoint(ILogger logger, string trigger, string function);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Error, Message = "{Trigger} trigger {Function} timed out after {Timeout}")]
    private static partial void LogTimedOut(ILogger logger, string trigger, string function, TimeSpan timeout);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Error, Message = "{Trigger} trigger {Function}: Lambda endpoint {Endpoint} unreachable")]
    private static partial void LogUnreachable(ILogger logger, string trigger, string function, Uri endpoint, Exception exception);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Error, Message = "{Trigger} trigger {Function}: the answer is larger than {Limit} bytes")]
    private static partial void LogTooLarge(ILogger logger, string trigger, string function, int limit);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Error, Message = "{Trigger} trigger {Function}: Lambda answered {Status} {ErrorType}")]
    private static partial void LogRejected(ILogger logger, string trigger, string function, int status, string errorType);
}

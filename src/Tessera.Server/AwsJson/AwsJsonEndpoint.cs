// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using Tessera.Core.Clients;
using Tessera.Core.Diagnostics;
using Tessera.Core.Errors;
using Tessera.Core.OAuth;
using Tessera.Core.Security;
using Tessera.Server.Hosting;
using Tessera.Server.SigV4;

namespace Tessera.Server.AwsJson;

/// <summary>
/// <c>POST /</c> with <c>X-Amz-Target</c>: finds the operation, validates the body against the model,
/// checks the operation's auth, runs the handler and writes the output or the error. The only place
/// that catches protocol errors.
/// </summary>
internal sealed partial class AwsJsonEndpoint(
    OperationRegistry registry, IRequestAuthenticator authenticator, BrowserAccess browsers, RequestRateLimiter limiter,
    OAuthLookupCache cache, ILogger<AwsJsonEndpoint> logger)
{
    public const int MaxBodyBytes = 1024 * 1024;
    private const string ContentType = "application/x-amz-json-1.1";

    public async Task HandleAsync(HttpContext context)
    {
        var requestId = Guid.NewGuid().ToString();
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        var operation = "unknown";
        try
        {
            if (!registry.TryGet(target, out var invoker))
            {
                throw registry.IsModelled(target)
                    ? new CognitoException("UnsupportedOperationException", $"Tessera does not implement {target[(target.IndexOf('.', StringComparison.Ordinal) + 1)..]} yet.")
                    : new CognitoException("UnknownOperationException", string.IsNullOrEmpty(target) ? "Missing X-Amz-Target header." : $"Unknown operation {target}.");
            }

            operation = invoker.Model.Name;
            // The model's auth decides who may call from a web page: unsigned operations are the ones browsers call.
            if (invoker.Model.Unsigned)
            {
                browsers.AllowRead(context);
            }
            else if (BrowserAccess.FromWebPage(context.Request))
            {
                throw CognitoErrors.AccessDenied("Administrative operations are not offered to web pages: call them from a server, signed with the admin key.");
            }

            var body = await ReadBodyAsync(context).ConfigureAwait(false);
            var model = registry.ServiceFor(target)!;

            // The signature is checked at the door, before the body is parsed: a caller without the
            // key learns nothing about what its request would have done, not even that it was malformed.
            if (!invoker.Model.Unsigned)
            {
                await authenticator.AuthenticateAsync(context.Request, body, model.SigningName, context.RequestAborted).ConfigureAwait(false);
            }

            using var document = Parse(body);
            if (invoker.Model.Input is { } input)
            {
                ModelValidator.Validate(model, input, document.RootElement);
            }

            await LimitAsync(context, invoker.Model, document.RootElement).ConfigureAwait(false);

            var output = await invoker.InvokeAsync(context.RequestServices, document.RootElement, context.RequestAborted).ConfigureAwait(false);
            if (output.Refusal is { } refusal)
            {
                TesseraMetrics.Request(operation, refusal.Code);
                await WriteErrorAsync(context, refusal).ConfigureAwait(false);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = ContentType;
            await context.Response.Body.WriteAsync(output.Body, context.RequestAborted).ConfigureAwait(false);
            TesseraMetrics.Request(operation, "ok");
        }
        catch (CognitoException e)
        {
            TesseraMetrics.Request(operation, e.Code);
            await WriteErrorAsync(context, e).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is no one to answer.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogUnexpected(logger, e, target, requestId);
            TesseraMetrics.Request(operation, "InternalErrorException");
            await WriteErrorAsync(context, CognitoErrors.InternalError()).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The sign-in, sign-up and recovery operations take a permit per caller address (unsigned operations only: an
    /// administrative back end calls for every user), per app client and per user pool (<see cref="RequestRateLimiter"/>).
    /// An app client's pool comes from the per-node cache the sign-in reads next; an unknown client has no pool to count.
    /// </summary>
    private async Task LimitAsync(HttpContext context, OperationModel operation, JsonElement body)
    {
        if (!limiter.Enabled || !RateLimited.Contains(operation.Name))
        {
            return;
        }

        var clientId = StringMember(body, "ClientId");
        var poolId = StringMember(body, "UserPoolId");
        if (poolId is null && clientId is not null)
        {
            var clients = context.RequestServices.GetRequiredService<IAppClientStore>();
            var client = await cache.ClientAsync(clientId, ct => clients.FindAsync(clientId, ct), context.RequestAborted).ConfigureAwait(false);
            poolId = client?.PoolId;
        }

        var address = operation.Unsigned ? HttpCallerAddress.Of(context) : null;
        if (limiter.TryAcquire(RateLimitedOperation.Authentication, address, clientId, poolId) is { } wait)
        {
            TesseraMetrics.Throttle("rate_limit");
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            throw CognitoErrors.TooManyRequests();
        }
    }

    private static string? StringMember(JsonElement body, string name)
        => body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The operations Cognito counts as UserAuthentication, UserCreation and UserAccountRecovery that an app client calls.</summary>
    private static readonly HashSet<string> RateLimited = new(StringComparer.Ordinal)
    {
        "InitiateAuth", "RespondToAuthChallenge", "AdminInitiateAuth", "AdminRespondToAuthChallenge", "GetTokensFromRefreshToken",
        "SignUp", "ConfirmSignUp", "ResendConfirmationCode", "ForgotPassword", "ConfirmForgotPassword",
    };

    public static async Task WriteErrorAsync(HttpContext context, CognitoException error)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = error.StatusCode;
        context.Response.ContentType = ContentType;
        // AWS sends the type with a trailing colon; SDKs strip everything after ':'.
        context.Response.Headers["x-amzn-ErrorType"] = error.Code + ":";
        context.Response.Headers["x-amzn-ErrorMessage"] = System.Net.WebUtility.UrlEncode(error.Message);
        var body = new ErrorBody(error.Code, error.Message, error.Extra?.GetValueOrDefault("reasonCode"));
        await context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(body, AwsJsonSerializer.TypeInfo<ErrorBody>())).ConfigureAwait(false);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
        => await BoundedBody.ReadAsync(context, MaxBodyBytes).ConfigureAwait(false) ?? throw TooLarge();

    private static JsonDocument Parse(byte[] body)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            throw ModelValidator.Serialization("The request body is not valid UTF-8.");
        }

        JsonDocument document;
        try
        {
            // Smithy's awsJson1_1 protocol tests: no payload (or only whitespace) reads as {}.
            document = JsonDocument.Parse(IsBlank(body) ? "{}"u8.ToArray() : body, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException)
        {
            throw ModelValidator.Serialization("The request body is not valid JSON.");
        }

        if (!JsonStrings.AreWellFormed(body))
        {
            document.Dispose();
            throw ModelValidator.Serialization("The request body holds a string with an unpaired UTF-16 surrogate or a NUL character (\\u0000).");
        }

        return document;
    }

    private static bool IsBlank(byte[] body) => body.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n');

    private static CognitoException TooLarge() => new("RequestEntityTooLargeException", $"The request body exceeds {MaxBodyBytes} bytes.", 413);

    [LoggerMessage(EventId = 1000, Level = LogLevel.Error, Message = "Unexpected error in {Target} (request {RequestId})")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string target, string requestId);
}

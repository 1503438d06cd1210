// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using System.Security;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Tessera.Core;
using Tessera.Core.Errors;
using Tessera.Core.Identity;
using Tessera.Server.Hosting;
using Tessera.Server.SigV4;

namespace Tessera.Server.Sts;

/// <summary>
/// STS on the Query protocol: <c>POST /</c> with a form body <c>Action=…&amp;Version=2011-06-15</c> and no
/// <c>X-Amz-Target</c>; answers are XML in the 2011-06-15 namespace. GetCallerIdentity and AssumeRole
/// are signed (scope service <c>sts</c>); AssumeRoleWithWebIdentity is not (model authtype none).
/// </summary>
internal sealed partial class StsEndpoint(CredentialVerifier verifier, SessionCredentials sessions, IOptions<TesseraOptions> options, BrowserAccess browsers, ILogger<StsEndpoint> logger)
{
    private const string Namespace = "https://sts.amazonaws.com/doc/2011-06-15/";
    private const int MaxBodyBytes = 64 * 1024;

    public async Task HandleAsync(HttpContext context)
    {
        var requestId = Guid.NewGuid().ToString();
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        var action = string.Empty;
        // Browsers call STS with identity-pool credentials (and AssumeRoleWithWebIdentity unsigned); a call signed
        // with the admin key from a web page is refused once its signer is known.
        browsers.AllowRead(context);
        try
        {
            var body = await ReadBodyAsync(context).ConfigureAwait(false);
            var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
            action = form.TryGetValue("Action", out var a) ? a.ToString() : string.Empty;
            var result = action switch
            {
                "GetCallerIdentity" => GetCallerIdentity(Verify(context.Request, body)),
                "AssumeRole" => AssumeRole(Verify(context.Request, body), form),
                "AssumeRoleWithWebIdentity" => await AssumeRoleWithWebIdentityAsync(context.RequestServices, form, context.RequestAborted).ConfigureAwait(false),
                "" => throw StsErrors.MissingParameter("Action"),
                _ => throw StsErrors.InvalidAction(action),
            };
            await WriteAsync(context, 200, $"<{action}Response xmlns=\"{Namespace}\"><{action}Result>{result}</{action}Result><ResponseMetadata><RequestId>{requestId}</RequestId></ResponseMetadata></{action}Response>").ConfigureAwait(false);
        }
        catch (StsException e)
        {
            await WriteErrorAsync(context, e, requestId).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is no one to answer.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogUnexpected(logger, e, action, requestId);
            await WriteErrorAsync(context, StsErrors.InternalFailure(), requestId).ConfigureAwait(false);
        }
    }

    private Caller Verify(HttpRequest request, byte[] body)
    {
        Caller caller;
        try
        {
            caller = verifier.Verify(request, body, SigV4Scope.Sts(options.Value.Region));
        }
        catch (SigV4Failure failure)
        {
            throw failure.Kind switch
            {
                SigV4FailureKind.MissingAuthentication => StsErrors.MissingAuthenticationToken(),
                SigV4FailureKind.IncompleteSignature => StsErrors.IncompleteSignature(failure.Message),
                SigV4FailureKind.WrongService or SigV4FailureKind.WrongRegion or SigV4FailureKind.UnsignedHeader or SigV4FailureKind.SignatureExpired => StsErrors.SignatureDoesNotMatch(failure.Message),
                SigV4FailureKind.SignatureMismatch => StsErrors.SignatureDoesNotMatch(),
                SigV4FailureKind.ExpiredToken => StsErrors.ExpiredToken(),
                _ => StsErrors.InvalidClientTokenId(),
            };
        }

        if (caller.Session is null && BrowserAccess.FromWebPage(request))
        {
            throw StsErrors.AccessDenied("Calls signed with the admin key are not offered to web pages: make them from a server.");
        }

        return caller;
    }

    private string GetCallerIdentity(Caller caller)
    {
        var account = options.Value.AccountId;
        if (caller.Session is { } session)
        {
            return Element("Arn", AssumedRoleArn(session.RoleName, session.SessionName))
                + Element("UserId", $"{sessions.RoleId(session.RoleArn)}:{session.SessionName}")
                + Element("Account", account);
        }

        // The admin key is the account's own (root) credential.
        return Element("Arn", $"arn:aws:iam::{account}:root") + Element("UserId", account) + Element("Account", account);
    }

    private string AssumeRole(Caller caller, Dictionary<string, Microsoft.Extensions.Primitives.StringValues> form)
    {
        var (roleArn, sessionName, duration) = RoleParameters(form);
        if (caller.Session is { } session)
        {
            throw StsErrors.AccessDenied($"User: {AssumedRoleArn(session.RoleName, session.SessionName)} is not authorized to perform: sts:AssumeRole on resource: {roleArn}");
        }

        var credentials = sessions.Issue(roleArn, sessionName, caller.AccessKeyId, null, duration);
        return CredentialsXml(credentials) + AssumedRoleUser(roleArn, sessionName);
    }

    private async Task<string> AssumeRoleWithWebIdentityAsync(IServiceProvider services, Dictionary<string, Microsoft.Extensions.Primitives.StringValues> form, CancellationToken cancellationToken)
    {
        var (roleArn, sessionName, duration) = RoleParameters(form);
        var token = Required(form, "WebIdentityToken");
        if (token.Length is < 4 or > 20000)
        {
            throw Validation("webIdentityToken", "Member must have length less than or equal to 20000");
        }

        var identity = await services.GetRequiredService<WebIdentityValidator>().ValidateAsync(token, roleArn, cancellationToken).ConfigureAwait(false);
        var credentials = sessions.Issue(roleArn, sessionName, identity.Subject, identity.Pool.Id, duration);
        return CredentialsXml(credentials)
            + Element("SubjectFromWebIdentityToken", identity.Subject)
            + AssumedRoleUser(roleArn, sessionName)
            + Element("Provider", "cognito-identity.amazonaws.com")
            + Element("Audience", identity.Pool.Id);
    }

    private static (string RoleArn, string SessionName, TimeSpan Duration) RoleParameters(Dictionary<string, Microsoft.Extensions.Primitives.StringValues> form)
    {
        var roleArn = Required(form, "RoleArn");
        var sessionName = Required(form, "RoleSessionName");
        if (roleArn.Length is < 20 or > 2048 || !roleArn.StartsWith("arn:aws:iam::", StringComparison.Ordinal) || !roleArn.Contains(":role/", StringComparison.Ordinal))
        {
            throw Validation("roleArn", "Member must have length greater than or equal to 20");
        }

        if (sessionName.Length is < 2 or > 64 || !SessionNamePattern().IsMatch(sessionName))
        {
            throw Validation("roleSessionName", @"Member must satisfy regular expression pattern: [\w+=,.@-]*");
        }

        var seconds = 3600;
        if (form.TryGetValue("DurationSeconds", out var d) && (!int.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out seconds) || seconds is < 900 or > 43200))
        {
            throw Validation("durationSeconds", "Member must have value greater than or equal to 900");
        }

        return (roleArn, sessionName, TimeSpan.FromSeconds(seconds));
    }

    private string AssumedRoleUser(string roleArn, string sessionName)
        => $"<AssumedRoleUser>{Element("AssumedRoleId", $"{sessions.RoleId(roleArn)}:{sessionName}")}{Element("Arn", AssumedRoleArn(roleArn[(roleArn.LastIndexOf('/') + 1)..], sessionName))}</AssumedRoleUser>";

    private static string CredentialsXml(TemporaryCredentials credentials)
        => "<Credentials>"
            + Element("AccessKeyId", credentials.AccessKeyId)
            + Element("SecretAccessKey", credentials.SecretAccessKey)
            + Element("SessionToken", credentials.SessionToken)
            + Element("Expiration", credentials.Expiration.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))
            + "</Credentials>";

    private string AssumedRoleArn(string roleName, string sessionName) => $"arn:aws:sts::{options.Value.AccountId}:assumed-role/{roleName}/{sessionName}";

    private static string Required(Dictionary<string, Microsoft.Extensions.Primitives.StringValues> form, string name)
        => form.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value.ToString() : throw StsErrors.MissingParameter(name);

    private static StsException Validation(string member, string constraint)
        => StsErrors.ValidationError($"1 validation error detected: Value at '{member}' failed to satisfy constraint: {constraint}");

    private static string Element(string name, string value) => $"<{name}>{SecurityElement.Escape(value)}</{name}>";

    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
        => await BoundedBody.ReadAsync(context, MaxBodyBytes).ConfigureAwait(false) ?? throw StsErrors.ValidationError("The request body is too large.");

    private static Task WriteAsync(HttpContext context, int status, string xml)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/xml";
        return context.Response.WriteAsync(xml, context.RequestAborted);
    }

    private static Task WriteErrorAsync(HttpContext context, StsException error, string requestId)
        => context.Response.HasStarted
            ? Task.CompletedTask
            : WriteAsync(
                context,
                error.StatusCode,
                $"<ErrorResponse xmlns=\"{Namespace}\"><Error>{Element("Type", error.Type)}{Element("Code", error.Code)}{Element("Message", error.Message)}</Error>{Element("RequestId", requestId)}</ErrorResponse>");

    [GeneratedRegex(@"^[\w+=,.@-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SessionNamePattern();

    [LoggerMessage(EventId = 1100, Level = LogLevel.Error, Message = "Unexpected error in STS {Action} (request {RequestId})")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string action, string requestId);
}

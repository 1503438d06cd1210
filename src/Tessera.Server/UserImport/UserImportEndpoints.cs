// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Tessera.Core;
using Tessera.Core.UserImport;
using Tessera.Server.Hosting;
using Tessera.Server.SigV4;

namespace Tessera.Server.UserImport;

/// <summary>
/// The HTTP side of user import jobs: <c>PUT /_user-import/{jobId}</c>, the pre-signed upload (answered as S3 answers
/// one: 200 with an ETag, or an XML error); <c>GET /_user-import/{jobId}/log</c>, the job's log for an administrator
/// (SigV4 with the admin key, service <c>cognito-idp</c>; <c>curl --aws-sigv4</c> signs it), in place of the
/// CloudWatch Logs stream AWS writes; and in start-dev <c>GET /_dev/user-import-jobs</c>, every job and its log on one page.
/// </summary>
internal static class UserImportEndpoints
{
    public static void MapUserImports(this WebApplication app, bool development)
    {
        app.MapPut(UserImportUrls.PathPrefix + "{jobId}", UploadAsync);
        app.MapGet(UserImportUrls.PathPrefix + "{jobId}/log", LogAsync);
        if (development)
        {
            app.MapGet("/_dev/user-import-jobs", DevPageAsync);
        }
    }

    private static async Task UploadAsync(HttpContext context, string jobId, UserImportUrls urls, UserImportService imports, TimeProvider time)
    {
        var check = urls.Verify(SigV4Authenticator.ToSigV4Request(context.Request, ReadOnlyMemory<byte>.Empty), time.GetUtcNow());
        if (check != PresignFailure.None)
        {
            // Amazon S3 error responses: each refusal of a presigned request is a 403 with its code.
            await S3ErrorAsync(context, 403, check switch
            {
                PresignFailure.Expired => ("AccessDenied", "Request has expired"),
                PresignFailure.UnknownAccessKey => ("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records."),
                PresignFailure.SignatureMismatch => ("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method."),
                _ => ("AuthorizationQueryParametersError", "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters."),
            }).ConfigureAwait(false);
            return;
        }

        var body = await BoundedBody.ReadAsync(context, UserImportCsv.MaxFileBytes).ConfigureAwait(false);
        if (body is null)
        {
            await S3ErrorAsync(context, 400, ("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size.")).ConfigureAwait(false);
            return;
        }

        try
        {
            await imports.AcceptUploadAsync(jobId, body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (UserImportUploadException e)
        {
            await S3ErrorAsync(context, e.Refusal == UserImportUploadRefusal.TooLarge ? 400 : 403, e.Refusal switch
            {
                UserImportUploadRefusal.TooLarge => ("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size."),
                UserImportUploadRefusal.NoSuchJob => ("AccessDenied", "The import job does not exist."),
                _ => ("AccessDenied", "The import job no longer takes a file: it has been started, stopped or has expired."),
            }).ConfigureAwait(false);
            return;
        }

        // S3's ETag of a single PUT is the body's MD5; no client of this URL reads it, so a truncated SHA-256 stands in.
        context.Response.Headers.ETag = $"\"{Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 16))}\"";
        context.Response.Headers["x-amz-server-side-encryption"] = UserImportUrls.EncryptionValue;
        context.Response.StatusCode = 200;
    }

    private static async Task<IResult> LogAsync(HttpContext context, string jobId, CredentialVerifier verifier, IOptions<TesseraOptions> options, IUserImportJobStore jobs)
    {
        try
        {
            var caller = verifier.Verify(context.Request, ReadOnlyMemory<byte>.Empty, new SigV4Scope("cognito-idp", [options.Value.Region], []));
            if (caller.Session is not null)
            {
                return Results.Text("Temporary credentials may not read import logs.\n", "text/plain", statusCode: 403);
            }
        }
        catch (SigV4Failure e)
        {
            return Results.Text(e.Message + "\n", "text/plain", statusCode: 403);
        }

        var job = await jobs.FindAsync(jobId, context.RequestAborted).ConfigureAwait(false);
        return job is null
            ? Results.Text($"Import job {jobId} does not exist.\n", "text/plain", statusCode: 404)
            : Results.Text(Describe(job) + job.Log, "text/plain; charset=utf-8");
    }

    private static async Task<IResult> DevPageAsync(HttpContext context, IUserImportJobStore jobs)
    {
        var list = await jobs.ListAsync(null, null, null, 100, context.RequestAborted).ConfigureAwait(false);
        var html = new StringBuilder("""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Tessera user import jobs</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 2rem; color: #1b1b1b; background: #fff; line-height: 1.5; }
            section { border-bottom: 1px solid #c4c4c4; padding: .5rem 0; }
            pre { background: #f0f0f0; padding: .5rem; white-space: pre-wrap; }
            </style>
            </head>
            <body>
            <main>
            <h1>User import jobs</h1>
            <p>The newest 100 import jobs of every pool with their logs: what AWS writes to CloudWatch Logs. This page exists only in
            <code>tessera start-dev</code>; in production read a job's log at <code>/_user-import/JOB_ID/log</code> with the admin key.</p>
            """);
        if (list.Count == 0)
        {
            html.Append("<p>No import jobs yet.</p>");
        }

        foreach (var job in list)
        {
            html.Append("<section><h2>").Append(Encode(job.JobName)).Append(" <small>").Append(Encode(job.JobId)).Append("</small></h2><pre>")
                .Append(Encode(Describe(job) + job.Log)).Append("</pre></section>");
        }

        html.Append("</main></body></html>");
        context.Response.Headers.CacheControl = "no-store";
        return Results.Content(html.ToString(), "text/html; charset=utf-8");
    }

    private static string Describe(UserImportJob job)
        => string.Create(CultureInfo.InvariantCulture,
            $"Job {job.JobId} ({job.JobName}) in pool {job.PoolId}: {job.Status}; imported {job.ImportedUsers}, skipped {job.SkippedUsers}, failed {job.FailedUsers}.\n{(job.CompletionMessage is { } m ? m + "\n" : string.Empty)}");

    private static string Encode(string value) => WebUtility.HtmlEncode(value);

    private static Task S3ErrorAsync(HttpContext context, int status, (string Code, string Message) error)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/xml";
        return context.Response.WriteAsync(
            $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{error.Code}</Code><Message>{WebUtility.HtmlEncode(error.Message)}</Message><RequestId>{Guid.NewGuid():N}</RequestId></Error>",
            context.RequestAborted);
    }
}

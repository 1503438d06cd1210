// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.Options;
using Tessera.Core;
using Tessera.Core.Security;
using Tessera.Core.UserImport;
using Tessera.Server.SigV4;

namespace Tessera.Server.UserImport;

/// <summary>
/// The PreSignedUrl of an import job: <c>{PublicUrl}/_user-import/{jobId}</c>, query-signed for PUT as S3 signs its
/// presigned URLs, with <c>x-amz-server-side-encryption: aws:kms</c> among the signed headers (the header AWS's guide
/// has curl send). The key is derived from the master key, so every node checks the URLs every other node made; the URL
/// is a function of the job, so DescribeUserImportJob returns the same one as CreateUserImportJob.
/// </summary>
internal sealed class UserImportUrls(IOptions<TesseraOptions> options, SecretProtector protector)
{
    public const string PathPrefix = "/_user-import/";
    public const string EncryptionHeader = "x-amz-server-side-encryption";
    public const string EncryptionValue = "aws:kms";

    /// <summary>The access key id the URLs carry; it names the derived key, not an IAM user.</summary>
    public const string AccessKeyId = "TESSERAIMPORTUPLOADS";

    private readonly string secret = SigV4Verifier.Hex(protector.KeyedHash("user-import-presigned-url"));

    public string For(UserImportJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var url = new Uri($"{options.Value.PublicUrl.GetLeftPart(UriPartial.Path).TrimEnd('/')}{PathPrefix}{job.JobId}");
        return SigV4Presigner.Presign("PUT", url, [new(EncryptionHeader, EncryptionValue)], AccessKeyId, secret, options.Value.Region, "s3", job.CreatedAt, UserImportService.UploadWindow);
    }

    public PresignFailure Verify(SigV4Request request, DateTimeOffset now)
        => SigV4Presigner.Verify(request, key => key == AccessKeyId ? secret : null, now);
}

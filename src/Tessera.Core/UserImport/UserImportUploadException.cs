// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.UserImport;

/// <summary>Why an upload to a pre-signed URL was refused; the upload endpoint words it as S3 would.</summary>
public enum UserImportUploadRefusal
{
    NoSuchJob,
    NotCreated,
    TooLarge,
}

public sealed class UserImportUploadException(UserImportUploadRefusal refusal) : Exception(refusal.ToString())
{
    public UserImportUploadRefusal Refusal { get; } = refusal;
}

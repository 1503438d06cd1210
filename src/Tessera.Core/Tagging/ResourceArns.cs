// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Errors;

namespace Tessera.Core.Tagging;

/// <summary>
/// The ARNs AWS gives user pools (<c>arn:aws:cognito-idp:REGION:ACCOUNT:userpool/POOL_ID</c>) and identity pools
/// (<c>arn:aws:cognito-identity:REGION:ACCOUNT:identitypool/POOL_ID</c>), the only resources their TagResource,
/// UntagResource and ListTagsForResource accept.
/// </summary>
public static class ResourceArns
{
    public static string UserPool(TesseraOptions options, string poolId)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(poolId);
        return $"arn:aws:cognito-idp:{poolId[..Math.Max(0, poolId.IndexOf('_', StringComparison.Ordinal))]}:{options.AccountId}:userpool/{poolId}";
    }

    public static string IdentityPool(TesseraOptions options, string identityPoolId)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(identityPoolId);
        return $"arn:aws:cognito-identity:{identityPoolId[..Math.Max(0, identityPoolId.IndexOf(':', StringComparison.Ordinal))]}:{options.AccountId}:identitypool/{identityPoolId}";
    }

    /// <summary>The pool id an ARN names. Another service's or resource type's ARN is InvalidParameterException;
    /// another account's or region's names no pool here: ResourceNotFoundException.</summary>
    public static string UserPoolId(TesseraOptions options, string arn) => Parse(options, arn, "cognito-idp", "userpool");

    public static string IdentityPoolId(TesseraOptions options, string arn) => Parse(options, arn, "cognito-identity", "identitypool");

    private static string Parse(TesseraOptions options, string arn, string service, string type)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(arn);
        // arn:PARTITION:SERVICE:REGION:ACCOUNT:TYPE/ID; an identity pool id itself holds a colon.
        var parts = arn.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn" || parts[2] != service || !parts[5].StartsWith(type + "/", StringComparison.Ordinal) || parts[5].Length == type.Length + 1)
        {
            throw CognitoErrors.InvalidParameter($"Invalid ARN {arn}: expected arn:aws:{service}:REGION:ACCOUNT:{type}/ID.");
        }

        var id = parts[5][(type.Length + 1)..];
        // Pool ids start with their region (us-east-1_…, us-east-1:…), so the ARN's region must be the id's.
        if (parts[1] != "aws" || parts[4] != options.AccountId || !id.StartsWith(parts[3], StringComparison.Ordinal) || id.Length == parts[3].Length || id[parts[3].Length] is not ('_' or ':'))
        {
            throw CognitoErrors.ResourceNotFound($"Resource {arn} does not exist.");
        }

        return id;
    }
}

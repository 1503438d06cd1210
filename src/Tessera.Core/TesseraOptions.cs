// SPDX-License-Identifier: Apache-2.0
using System.ComponentModel.DataAnnotations;

namespace Tessera.Core;

/// <summary>The <c>Tessera</c> configuration section: who this service says it is.</summary>
public sealed class TesseraOptions
{
    /// <summary>The URL clients reach Tessera at; issuers and discovery documents are built from it. Default <c>http://localhost:9229</c>.</summary>
    public Uri PublicUrl { get; set; } = new("http://localhost:9229");

    /// <summary>The AWS region in ids, ARNs and the AWS-style issuer. Default <c>us-east-1</c>.</summary>
    [RegularExpression("^[a-z]{2}(-[a-z]+)+-[0-9]+$")]
    public string Region { get; set; } = "us-east-1";

    /// <summary>The 12-digit account id in ARNs. Default <c>000000000000</c>.</summary>
    [RegularExpression("^[0-9]{12}$")]
    public string AccountId { get; set; } = "000000000000";

    /// <summary>
    /// <c>Local</c> (default): tokens carry <c>iss = {PublicUrl}/{poolId}</c>. <c>Aws</c>: they carry
    /// <c>https://cognito-idp.{region}.amazonaws.com/{poolId}</c>, for verifiers that accept only that.
    /// </summary>
    public IssuerMode IssuerMode { get; set; } = IssuerMode.Local;

    public string Issuer(string poolId) => IssuerMode == IssuerMode.Aws
        ? $"https://cognito-idp.{poolId[..poolId.IndexOf('_', StringComparison.Ordinal)]}.amazonaws.com/{poolId}"
        : $"{PublicUrl.GetLeftPart(UriPartial.Path).TrimEnd('/')}/{poolId}";
}

public enum IssuerMode
{
    Local = 0,
    Aws = 1,
}

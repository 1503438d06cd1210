// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Server.SigV4;

/// <summary>
/// What one surface requires of a signature besides its being right: the service and a region its
/// credential scope must name, and the headers it must cover. Checked before any key is looked up.
/// </summary>
/// <param name="Service">The signing name, e.g. <c>cognito-idp</c>.</param>
/// <param name="Regions">The regions the scope may name; AWS answers any other with "Credential should be scoped to a valid region".</param>
/// <param name="SignedHeaders">Headers beyond <c>host</c> that must be among the signed headers, in their usual spelling.</param>
internal sealed record SigV4Scope(string Service, IReadOnlyList<string> Regions, IReadOnlyList<string> SignedHeaders)
{
    /// <summary>
    /// An awsJson call: the target names the operation, so a signature that does not cover it could be replayed
    /// within the 15-minute window as another operation on the same body (AdminGetUser as AdminDeleteUser).
    /// </summary>
    public static SigV4Scope AwsJson(string service, string region) => new(service, [region], ["X-Amz-Target"]);

    /// <summary>
    /// STS: its global endpoint <c>sts.amazonaws.com</c> is signed for us-east-1 (AWS General Reference, "Signature
    /// Version 4 elements": a service with a global endpoint uses us-east-1); a regional client signs for its region.
    /// </summary>
    public static SigV4Scope Sts(string region) => new("sts", region == "us-east-1" ? [region] : [region, "us-east-1"], []);

    /// <summary>The failure AWS answers for a signature outside this scope, or null when it is inside.</summary>
    public SigV4Failure? Refuses(SigV4Authorization authorization)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        if (authorization.Service != Service)
        {
            return new(SigV4FailureKind.WrongService, $"Credential should be scoped to correct service: '{Service}'. ");
        }

        if (!Regions.Contains(authorization.Region, StringComparer.Ordinal))
        {
            return new(SigV4FailureKind.WrongRegion, $"Credential should be scoped to a valid region, not '{authorization.Region}'. ");
        }

        // IAM User Guide, "Create a signed AWS API request": the host header must be signed; DynamoDB's words for it.
        if (!authorization.SignedHeaders.Contains("host", StringComparer.Ordinal))
        {
            return new(SigV4FailureKind.UnsignedHeader, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }

        foreach (var header in SignedHeaders)
        {
            if (!authorization.SignedHeaders.Contains(header, StringComparer.OrdinalIgnoreCase))
            {
                return new(SigV4FailureKind.UnsignedHeader, $"'{header}' must be a 'SignedHeader' in the AWS Authorization.");
            }
        }

        return null;
    }
}

// SPDX-License-Identifier: Apache-2.0
namespace Tessera.AspNetCore.Authentication;

/// <summary>Which Cognito (or Tessera) user pool issues the tokens an API accepts, and which tokens it accepts.</summary>
public sealed class CognitoJwtBearerOptions
{
    /// <summary>The AWS region of the user pool, e.g. <c>us-east-1</c>. Used with <see cref="UserPoolId"/> to target AWS Cognito.</summary>
    public string? Region { get; set; }

    /// <summary>The user pool id, e.g. <c>us-east-1_AbC123xyZ</c>. The region is taken from it when <see cref="Region"/> is not set.</summary>
    public string? UserPoolId { get; set; }

    /// <summary>
    /// The issuer URL when it is not AWS's: for Tessera, <c>http://localhost:9229/us-east-1_AbC123xyZ</c>.
    /// When set, it wins over <see cref="Region"/> and <see cref="UserPoolId"/>; discovery is read from
    /// <c>{Authority}/.well-known/openid-configuration</c>.
    /// </summary>
    public Uri? Authority { get; set; }

    /// <summary>The token the API accepts: <c>access</c> (the default, as Cognito recommends for APIs) or <c>id</c>.</summary>
    public string TokenUse { get; set; } = "access";

    /// <summary>
    /// The app client ids whose tokens are accepted: checked against <c>client_id</c> for access tokens and
    /// <c>aud</c> for ID tokens. Empty accepts every client of the pool.
    /// </summary>
    public IList<string> ClientIds { get; } = [];

    /// <summary>
    /// Whether discovery must be fetched over HTTPS. Default: true, except for a loopback authority
    /// (<c>localhost</c>, <c>127.0.0.1</c>, <c>[::1]</c>), which is allowed over plain HTTP for development.
    /// </summary>
    public bool? RequireHttpsMetadata { get; set; }

    /// <summary>Tolerated clock difference when checking <c>exp</c>. Default: 1 minute.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The issuer the tokens carry: <see cref="Authority"/>, else <c>https://cognito-idp.{region}.amazonaws.com/{userPoolId}</c>.</summary>
    /// <exception cref="InvalidOperationException">Neither an authority nor a user pool id is configured.</exception>
    public Uri ResolveIssuer()
    {
        if (Authority is not null)
        {
            return new Uri(Authority.ToString().TrimEnd('/'));
        }

        if (string.IsNullOrEmpty(UserPoolId))
        {
            throw new InvalidOperationException("Cognito JWT bearer authentication needs either Authority (Tessera) or UserPoolId (and Region) for AWS Cognito.");
        }

        var region = Region ?? UserPoolId[..Math.Max(0, UserPoolId.IndexOf('_', StringComparison.Ordinal))];
        return new Uri($"https://cognito-idp.{region}.amazonaws.com/{UserPoolId}");
    }
}

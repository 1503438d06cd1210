// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Server.SigV4;

/// <summary>Checks the SigV4 signature of an IAM-signed call; throws a CognitoException when it fails.</summary>
internal interface IRequestAuthenticator
{
    /// <param name="request">The HTTP request, headers intact.</param>
    /// <param name="body">The body exactly as received (the payload hash covers it).</param>
    /// <param name="service">The signing name the credential scope must carry (<c>cognito-idp</c>, …).</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    ValueTask AuthenticateAsync(HttpRequest request, ReadOnlyMemory<byte> body, string service, CancellationToken cancellationToken);
}

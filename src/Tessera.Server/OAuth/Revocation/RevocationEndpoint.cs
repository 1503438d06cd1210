// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.OAuth;
using Tessera.Server.HostedUi;
using Tessera.Server.OAuth.Token;

namespace Tessera.Server.OAuth.Revocation;

/// <summary><c>POST /oauth2/revoke</c> (RFC 7009): revokes a refresh token and the access tokens of its session.</summary>
internal static class RevocationEndpoint
{
    public static async Task HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        if (await HostedUiRouting.ResolveAsync(context, cancellationToken).ConfigureAwait(false) is not { } domain)
        {
            await HostedUiPages.NotFoundAsync(context).ConfigureAwait(false);
            return;
        }

        try
        {
            var request = await TokenRequestValidator.ReadAsync(context).ConfigureAwait(false);
            var service = context.RequestServices.GetRequiredService<OAuthTokenService>();
            var client = await service.AuthenticateClientAsync(domain.PoolId, request.Client, cancellationToken).ConfigureAwait(false);
            await service.RevokeAsync(client, request["token"], cancellationToken).ConfigureAwait(false);
            OAuthResponses.NoStore(context);
            context.Response.StatusCode = 200;
        }
        catch (OAuthException e)
        {
            await OAuthResponses.WriteErrorAsync(context, e).ConfigureAwait(false);
        }
    }
}

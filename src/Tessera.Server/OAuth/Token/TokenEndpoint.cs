// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Diagnostics;
using Tessera.Core.OAuth;
using Tessera.Core.Security;
using Tessera.Server.Hosting;
using Tessera.Server.HostedUi;

namespace Tessera.Server.OAuth.Token;

/// <summary><c>POST /oauth2/token</c>: authorization_code (with PKCE), refresh_token and client_credentials.</summary>
internal static class TokenEndpoint
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
            var limiter = context.RequestServices.GetRequiredService<RequestRateLimiter>();
            if (limiter.TryAcquire(RateLimitedOperation.Token, HttpCallerAddress.Of(context), request.Client.ClientId, domain.PoolId) is { } wait)
            {
                TesseraMetrics.Throttle("rate_limit");
                context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                throw OAuthErrors.TooManyRequests();
            }

            var grantType = request["grant_type"] ?? throw OAuthErrors.InvalidRequest("grant_type is required");
            if (grantType is not ("authorization_code" or "refresh_token" or "client_credentials"))
            {
                throw OAuthErrors.UnsupportedGrantType();
            }

            var service = context.RequestServices.GetRequiredService<OAuthTokenService>();
            var client = await service.AuthenticateClientAsync(domain.PoolId, request.Client, cancellationToken).ConfigureAwait(false);
            var tokens = grantType switch
            {
                "authorization_code" => await service.RedeemCodeAsync(client, request["code"], request["redirect_uri"], request["code_verifier"], cancellationToken).ConfigureAwait(false),
                "refresh_token" => await service.RefreshAsync(client, request["refresh_token"], cancellationToken).ConfigureAwait(false),
                _ => await service.ClientCredentialsAsync(client, request["scope"], cancellationToken).ConfigureAwait(false),
            };
            await OAuthResponses.WriteTokensAsync(context, tokens).ConfigureAwait(false);
        }
        catch (OAuthException e)
        {
            await OAuthResponses.WriteErrorAsync(context, e).ConfigureAwait(false);
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Clients;

namespace Tessera.Core.OAuth;

public static class OAuthClientRules
{
    /// <summary>Whether the client may use an OAuth grant: AllowedOAuthFlowsUserPoolClient on and the flow listed.</summary>
    public static bool AllowsOAuthFlow(this AppClientSettings settings, string flow)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.AllowedOAuthFlowsUserPoolClient == true && settings.AllowedOAuthFlows?.Contains(flow) == true;
    }
}

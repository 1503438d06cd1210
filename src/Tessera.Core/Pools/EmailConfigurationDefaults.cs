// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Core.Pools;

/// <summary>
/// EmailConfiguration as DescribeUserPool returns it: a pool that never set one, or set one without an
/// EmailSendingAccount, sends with Cognito's own account, <c>{"EmailSendingAccount": "COGNITO_DEFAULT"}</c>
/// (EmailConfigurationType in the API reference; terraform-provider-aws TestAccCognitoIDPUserPool_basic, run against AWS).
/// </summary>
public static class EmailConfigurationDefaults
{
    private const string Account = "EmailSendingAccount";

    public static JsonElement Apply(JsonElement? configuration)
    {
        var node = configuration is { ValueKind: JsonValueKind.Object } given ? JsonNode.Parse(given.GetRawText())!.AsObject() : [];
        if (node[Account] is null)
        {
            node[Account] = "COGNITO_DEFAULT";
        }

        using var document = JsonDocument.Parse(node.ToJsonString());
        return document.RootElement.Clone();
    }
}

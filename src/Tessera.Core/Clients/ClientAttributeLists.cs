// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Errors;
using Tessera.Core.Pools;
using Tessera.Core.Users;

namespace Tessera.Core.Clients;

/// <summary>
/// The ReadAttributes and WriteAttributes of CreateUserPoolClient and UpdateUserPoolClient. Each name must be an
/// attribute of the pool; WriteAttributes never names a developer-only attribute and, when given, includes every
/// required one ("all app clients can write user pool required attributes"). AWS refuses anything else with
/// InvalidParameterException "Invalid write attributes specified while creating a client" (aws/aws-cdk#2608,
/// hashicorp/terraform-provider-aws#4476) or "… while updating a client" (aws/aws-sdk-java#1395).
/// </summary>
public static class ClientAttributeLists
{
    public static void Check(UserPool pool, AppClientSettings settings, bool creating)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(settings);
        var schema = UserPoolSchema.Of(pool);
        var action = creating ? "creating" : "updating";
        if (settings.ReadAttributes is { } read && read.Any(name => schema.Find(name) is null))
        {
            throw CognitoErrors.InvalidParameter($"Invalid read attributes specified while {action} a client");
        }

        if (settings.WriteAttributes is { Count: > 0 } write
            && (write.Any(name => schema.Find(name) is not { DeveloperOnlyAttribute: not true })
                || schema.RequiredNames.Any(name => !write.Contains(name))))
        {
            throw CognitoErrors.InvalidParameter($"Invalid write attributes specified while {action} a client");
        }
    }
}

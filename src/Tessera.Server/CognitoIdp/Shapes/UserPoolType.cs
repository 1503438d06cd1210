// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using Tessera.Core;
using Tessera.Core.Pools;
using Tessera.Core.Users;

namespace Tessera.Server.CognitoIdp.Shapes;

/// <summary>UserPoolType as DescribeUserPool and CreateUserPool return it.</summary>
internal sealed record UserPoolType
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public UserPoolPolicyType? Policies { get; init; }
    public string? DeletionProtection { get; init; }
    public JsonElement? LambdaConfig { get; init; }
    public DateTimeOffset LastModifiedDate { get; init; }
    public DateTimeOffset CreationDate { get; init; }
    public IReadOnlyList<SchemaAttributeType>? SchemaAttributes { get; init; }
    public IReadOnlyList<string>? AutoVerifiedAttributes { get; init; }
    public IReadOnlyList<string>? AliasAttributes { get; init; }
    public IReadOnlyList<string>? UsernameAttributes { get; init; }
    public string? SmsVerificationMessage { get; init; }
    public string? EmailVerificationMessage { get; init; }
    public string? EmailVerificationSubject { get; init; }
    public VerificationMessageTemplateType? VerificationMessageTemplate { get; init; }
    public string? SmsAuthenticationMessage { get; init; }
    public JsonElement? UserAttributeUpdateSettings { get; init; }
    public string? MfaConfiguration { get; init; }
    public JsonElement? DeviceConfiguration { get; init; }
    public int EstimatedNumberOfUsers { get; init; }
    public JsonElement? EmailConfiguration { get; init; }
    public JsonElement? SmsConfiguration { get; init; }
    public IReadOnlyDictionary<string, string>? UserPoolTags { get; init; }
    public string? Domain { get; init; }
    public string? CustomDomain { get; init; }
    public AdminCreateUserConfigType? AdminCreateUserConfig { get; init; }
    public JsonElement? UserPoolAddOns { get; init; }
    public UsernameConfigurationType? UsernameConfiguration { get; init; }
    public required string Arn { get; init; }
    public JsonElement? AccountRecoverySetting { get; init; }
    public string? UserPoolTier { get; init; }

    public static UserPoolType From(UserPool pool, int estimatedUsers, TesseraOptions options)
    {
        // Pools stored before the deprecated messages and EmailConfiguration were kept as AWS keeps them read the same.
        var s = VerificationMessages.Reconcile(pool.Settings);
        return new UserPoolType
        {
            Id = pool.Id,
            Name = pool.Name,
            Policies = s.Policies,
            DeletionProtection = s.DeletionProtection,
            LambdaConfig = s.LambdaConfig ?? EmptyObject,
            LastModifiedDate = pool.UpdatedAt,
            CreationDate = pool.CreatedAt,
            SchemaAttributes = UserPoolSchema.Of(s).Attributes,
            AutoVerifiedAttributes = s.AutoVerifiedAttributes,
            AliasAttributes = s.AliasAttributes,
            UsernameAttributes = s.UsernameAttributes,
            SmsVerificationMessage = s.SmsVerificationMessage,
            EmailVerificationMessage = s.EmailVerificationMessage,
            EmailVerificationSubject = s.EmailVerificationSubject,
            VerificationMessageTemplate = s.VerificationMessageTemplate,
            SmsAuthenticationMessage = s.SmsAuthenticationMessage,
            UserAttributeUpdateSettings = s.UserAttributeUpdateSettings,
            MfaConfiguration = s.MfaConfiguration,
            DeviceConfiguration = s.DeviceConfiguration,
            EstimatedNumberOfUsers = estimatedUsers,
            EmailConfiguration = EmailConfigurationDefaults.Apply(s.EmailConfiguration),
            SmsConfiguration = s.SmsConfiguration,
            UserPoolTags = s.UserPoolTags ?? new Dictionary<string, string>(),
            AdminCreateUserConfig = s.AdminCreateUserConfig,
            UserPoolAddOns = s.UserPoolAddOns,
            UsernameConfiguration = s.UsernameConfiguration,
            Arn = Tessera.Core.Tagging.ResourceArns.UserPool(options, pool.Id),
            AccountRecoverySetting = s.AccountRecoverySetting,
            UserPoolTier = s.UserPoolTier,
        };
    }

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();
}

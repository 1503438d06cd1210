// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Tessera.Core;
using Tessera.Core.Pools;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record CreateUserPoolRequest
{
    public required string PoolName { get; init; }
    public UserPoolPolicyType? Policies { get; init; }
    public string? DeletionProtection { get; init; }
    public JsonElement? LambdaConfig { get; init; }
    public IReadOnlyList<string>? AutoVerifiedAttributes { get; init; }
    public IReadOnlyList<string>? AliasAttributes { get; init; }
    public IReadOnlyList<string>? UsernameAttributes { get; init; }
    public string? SmsVerificationMessage { get; init; }
    public string? EmailVerificationMessage { get; init; }
    public string? EmailVerificationSubject { get; init; }
    public VerificationMessageTemplateType? VerificationMessageTemplate { get; init; }
    public string? SmsAuthenticationMessage { get; init; }
    public string? MfaConfiguration { get; init; }
    public JsonElement? UserAttributeUpdateSettings { get; init; }
    public JsonElement? DeviceConfiguration { get; init; }
    public JsonElement? EmailConfiguration { get; init; }
    public JsonElement? SmsConfiguration { get; init; }
    public IReadOnlyDictionary<string, string>? UserPoolTags { get; init; }
    public AdminCreateUserConfigType? AdminCreateUserConfig { get; init; }
    public IReadOnlyList<SchemaAttributeType>? Schema { get; init; }
    public JsonElement? UserPoolAddOns { get; init; }
    public UsernameConfigurationType? UsernameConfiguration { get; init; }
    public JsonElement? AccountRecoverySetting { get; init; }
    public string? UserPoolTier { get; init; }
    public JsonElement? KeyConfiguration { get; init; }
    public JsonElement? IssuerConfiguration { get; init; }

    public UserPoolSettings ToSettings() => new()
    {
        Policies = Policies,
        DeletionProtection = DeletionProtection,
        LambdaConfig = LambdaConfig,
        AutoVerifiedAttributes = AutoVerifiedAttributes,
        AliasAttributes = AliasAttributes,
        UsernameAttributes = UsernameAttributes,
        SmsVerificationMessage = SmsVerificationMessage,
        EmailVerificationMessage = EmailVerificationMessage,
        EmailVerificationSubject = EmailVerificationSubject,
        VerificationMessageTemplate = VerificationMessageTemplate,
        SmsAuthenticationMessage = SmsAuthenticationMessage,
        MfaConfiguration = MfaConfiguration,
        UserAttributeUpdateSettings = UserAttributeUpdateSettings,
        DeviceConfiguration = DeviceConfiguration,
        EmailConfiguration = EmailConfiguration,
        SmsConfiguration = SmsConfiguration,
        UserPoolTags = UserPoolTags,
        AdminCreateUserConfig = AdminCreateUserConfig,
        UserPoolAddOns = UserPoolAddOns,
        UsernameConfiguration = UsernameConfiguration,
        AccountRecoverySetting = AccountRecoverySetting,
        UserPoolTier = UserPoolTier,
        KeyConfiguration = KeyConfiguration,
        IssuerConfiguration = IssuerConfiguration,
    };
}

internal sealed record CreateUserPoolResponse(UserPoolType UserPool);

[CognitoOperation("CreateUserPool")]
internal sealed class CreateUserPoolHandler(UserPoolService pools, IOptions<TesseraOptions> options)
    : IOperationHandler<CreateUserPoolRequest, CreateUserPoolResponse>
{
    public async ValueTask<CreateUserPoolResponse> HandleAsync(CreateUserPoolRequest request, CancellationToken cancellationToken)
    {
        var pool = await pools.CreateAsync(request.PoolName, request.ToSettings(), request.Schema, cancellationToken).ConfigureAwait(false);
        return new CreateUserPoolResponse(UserPoolType.From(pool, 0, options.Value));
    }
}

[JsonSerializable(typeof(CreateUserPoolRequest))]
[JsonSerializable(typeof(CreateUserPoolResponse))]
internal sealed partial class CreateUserPoolJsonContext : JsonSerializerContext;

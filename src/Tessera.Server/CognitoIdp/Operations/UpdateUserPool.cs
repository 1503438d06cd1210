// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Serialization;
using Tessera.Core.Pools;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record UpdateUserPoolRequest
{
    public required string UserPoolId { get; init; }
    public string? PoolName { get; init; }
    public UserPoolPolicyType? Policies { get; init; }
    public string? DeletionProtection { get; init; }
    public JsonElement? LambdaConfig { get; init; }
    public IReadOnlyList<string>? AutoVerifiedAttributes { get; init; }
    public string? SmsVerificationMessage { get; init; }
    public string? EmailVerificationMessage { get; init; }
    public string? EmailVerificationSubject { get; init; }
    public VerificationMessageTemplateType? VerificationMessageTemplate { get; init; }
    public string? SmsAuthenticationMessage { get; init; }
    public JsonElement? UserAttributeUpdateSettings { get; init; }
    public string? MfaConfiguration { get; init; }
    public JsonElement? DeviceConfiguration { get; init; }
    public JsonElement? EmailConfiguration { get; init; }
    public JsonElement? SmsConfiguration { get; init; }
    public IReadOnlyDictionary<string, string>? UserPoolTags { get; init; }
    public AdminCreateUserConfigType? AdminCreateUserConfig { get; init; }
    public JsonElement? UserPoolAddOns { get; init; }
    public JsonElement? AccountRecoverySetting { get; init; }
    public string? UserPoolTier { get; init; }
    public JsonElement? KeyConfiguration { get; init; }
    public JsonElement? IssuerConfiguration { get; init; }

    /// <summary>
    /// The pool's settings after the update. The API reference says omitted members return to their defaults, and
    /// that is what AWS does for LambdaConfig, AutoVerifiedAttributes, tags, messages, device, SMS and admin-create
    /// settings (aws/aws-cli#3302, aws/aws-cdk#33282, go-to-k/cdkd#2675). Live measurements show that AWS keeps
    /// Policies (each of its members separately), MfaConfiguration, DeletionProtection, UserPoolTier,
    /// VerificationMessageTemplate, AccountRecoverySetting and EmailConfiguration when they are omitted
    /// (go-to-k/cdkd#1982, go-to-k/cdk-real-drift#702), so those keep their value; the deprecated message members
    /// follow the template (<see cref="VerificationMessages"/>). What UpdateUserPool cannot
    /// change (schema, alias and username attributes, username case sensitivity) is kept.
    /// </summary>
    public UserPoolSettings ApplyTo(UserPoolSettings current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return VerificationMessages.Reconcile(current with
        {
            Policies = Policies is null ? current.Policies : new UserPoolPolicyType
            {
                PasswordPolicy = Policies.PasswordPolicy ?? current.Policies?.PasswordPolicy,
                SignInPolicy = Policies.SignInPolicy ?? current.Policies?.SignInPolicy,
            },
            DeletionProtection = DeletionProtection ?? current.DeletionProtection,
            MfaConfiguration = MfaConfiguration ?? current.MfaConfiguration,
            UserPoolTier = UserPoolTier ?? current.UserPoolTier,
            // "In secondary regions, this parameter must match the existing configuration": a setting that stays.
            KeyConfiguration = KeyConfiguration ?? current.KeyConfiguration,
            IssuerConfiguration = IssuerConfiguration ?? current.IssuerConfiguration,
            VerificationMessageTemplate = VerificationMessageTemplate,
            AccountRecoverySetting = AccountRecoverySetting ?? current.AccountRecoverySetting,
            EmailConfiguration = EmailConfiguration ?? current.EmailConfiguration,
            LambdaConfig = LambdaConfig,
            AutoVerifiedAttributes = AutoVerifiedAttributes,
            SmsVerificationMessage = SmsVerificationMessage,
            EmailVerificationMessage = EmailVerificationMessage,
            EmailVerificationSubject = EmailVerificationSubject,
            SmsAuthenticationMessage = SmsAuthenticationMessage,
            UserAttributeUpdateSettings = UserAttributeUpdateSettings,
            DeviceConfiguration = DeviceConfiguration,
            SmsConfiguration = SmsConfiguration,
            UserPoolTags = UserPoolTags,
            AdminCreateUserConfig = AdminCreateUserConfig,
            UserPoolAddOns = UserPoolAddOns,
        }, current.VerificationMessageTemplate);
    }
}

[CognitoOperation("UpdateUserPool")]
internal sealed class UpdateUserPoolHandler(UserPoolService pools)
    : IOperationHandler<UpdateUserPoolRequest, EmptyResponse>
{
    public async ValueTask<EmptyResponse> HandleAsync(UpdateUserPoolRequest request, CancellationToken cancellationToken)
    {
        await pools.UpdateAsync(request.UserPoolId, request.PoolName, request.ApplyTo, cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

[JsonSerializable(typeof(UpdateUserPoolRequest))]
internal sealed partial class UpdateUserPoolJsonContext : JsonSerializerContext;

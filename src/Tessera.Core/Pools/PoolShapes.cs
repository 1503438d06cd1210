// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;

namespace Tessera.Core.Pools;

// These records carry the AWS shape and member names of the cognito-idp model, so the wire
// layer serializes them as they are and nothing is renamed between the API and the store.

public sealed record PasswordPolicyType
{
    public int? MinimumLength { get; init; }
    public bool? RequireUppercase { get; init; }
    public bool? RequireLowercase { get; init; }
    public bool? RequireNumbers { get; init; }
    public bool? RequireSymbols { get; init; }
    public int? PasswordHistorySize { get; init; }
    public int? TemporaryPasswordValidityDays { get; init; }

    /// <summary>AWS's defaults for a pool created without a policy.</summary>
    public static PasswordPolicyType Default { get; } = new()
    {
        MinimumLength = 8,
        RequireUppercase = true,
        RequireLowercase = true,
        RequireNumbers = true,
        RequireSymbols = true,
        TemporaryPasswordValidityDays = 7,
    };
}

public sealed record UserPoolPolicyType
{
    public PasswordPolicyType? PasswordPolicy { get; init; }
    public SignInPolicyType? SignInPolicy { get; init; }
}

public sealed record SignInPolicyType
{
    public IReadOnlyList<string>? AllowedFirstAuthFactors { get; init; }
}

/// <summary>The passkey relying party and user-verification setting of SetUserPoolMfaConfig.</summary>
public sealed record WebAuthnConfigurationType
{
    public string? RelyingPartyId { get; init; }
    public string? UserVerification { get; init; }
}

public sealed record UsernameConfigurationType
{
    public bool? CaseSensitive { get; init; }
}

public sealed record AdminCreateUserConfigType
{
    public bool? AllowAdminCreateUserOnly { get; init; }
    public int? UnusedAccountValidityDays { get; init; }
    public JsonElement? InviteMessageTemplate { get; init; }
}

public sealed record VerificationMessageTemplateType
{
    public string? SmsMessage { get; init; }
    public string? EmailMessage { get; init; }
    public string? EmailSubject { get; init; }
    public string? EmailMessageByLink { get; init; }
    public string? EmailSubjectByLink { get; init; }
    public string? DefaultEmailOption { get; init; }
}

public sealed record StringAttributeConstraintsType
{
    public string? MinLength { get; init; }
    public string? MaxLength { get; init; }
}

public sealed record NumberAttributeConstraintsType
{
    public string? MinValue { get; init; }
    public string? MaxValue { get; init; }
}

public sealed record SchemaAttributeType
{
    public string? Name { get; init; }
    public string? AttributeDataType { get; init; }
    public bool? DeveloperOnlyAttribute { get; init; }
    public bool? Mutable { get; init; }
    public bool? Required { get; init; }
    public NumberAttributeConstraintsType? NumberAttributeConstraints { get; init; }
    public StringAttributeConstraintsType? StringAttributeConstraints { get; init; }
}

public sealed record SoftwareTokenMfaConfigType
{
    public bool? Enabled { get; init; }
}

public sealed record EmailMfaConfigType
{
    public string? Message { get; init; }
    public string? Subject { get; init; }
}

public sealed record SmsMfaConfigType
{
    public string? SmsAuthenticationMessage { get; init; }
    public JsonElement? SmsConfiguration { get; init; }
}

/// <summary>Everything a pool is configured with, stored as one document.</summary>
public sealed record UserPoolSettings
{
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
    public SoftwareTokenMfaConfigType? SoftwareTokenMfaConfiguration { get; init; }
    public EmailMfaConfigType? EmailMfaConfiguration { get; init; }
    public WebAuthnConfigurationType? WebAuthnConfiguration { get; init; }
    public JsonElement? UserAttributeUpdateSettings { get; init; }
    public JsonElement? DeviceConfiguration { get; init; }
    public JsonElement? EmailConfiguration { get; init; }
    public JsonElement? SmsConfiguration { get; init; }
    public IReadOnlyDictionary<string, string>? UserPoolTags { get; init; }
    public AdminCreateUserConfigType? AdminCreateUserConfig { get; init; }
    public IReadOnlyList<SchemaAttributeType>? CustomAttributes { get; init; }
    public JsonElement? UserPoolAddOns { get; init; }
    public UsernameConfigurationType? UsernameConfiguration { get; init; }
    public JsonElement? AccountRecoverySetting { get; init; }
    public string? UserPoolTier { get; init; }
    public JsonElement? EmailConfigurationFailure { get; init; }

    /// <summary>Stored and returned, not acted on: Tessera seals with its master key and issues from its own URL.</summary>
    public JsonElement? KeyConfiguration { get; init; }

    /// <summary>Stored and returned, not acted on: Tessera seals with its master key and issues from its own URL.</summary>
    public JsonElement? IssuerConfiguration { get; init; }

    /// <summary>Standard attributes the pool's Schema marked required.</summary>
    public IReadOnlyList<string>? RequiredStandardAttributes { get; init; }

    /// <summary>
    /// The Schema entries of CreateUserPool that named standard attributes, as kept: their own mutability, required
    /// flag and constraints over the defaults of <see cref="Users.StandardAttributes"/>. Null for pools that set none.
    /// </summary>
    public IReadOnlyList<SchemaAttributeType>? StandardAttributeSettings { get; init; }

    public PasswordPolicyType PasswordPolicy => Policies?.PasswordPolicy ?? PasswordPolicyType.Default;

    /// <summary>The API default is case-sensitive usernames unless the pool says otherwise.</summary>
    public bool CaseSensitiveUsernames => UsernameConfiguration?.CaseSensitive ?? true;

    public bool AllowsSoftwareTokenMfa => SoftwareTokenMfaConfiguration?.Enabled == true;

    /// <summary>SMS codes need the pool's SmsConfiguration, as in AWS; Tessera sends them through its message sender.</summary>
    public bool AllowsSmsMfa => SmsConfiguration is not null;

    public bool AllowsEmailMfa => EmailMfaConfiguration is not null;

    public bool EmailIsUsername => UsernameAttributes?.Contains("email") == true;

    public bool PhoneIsUsername => UsernameAttributes?.Contains("phone_number") == true;
}

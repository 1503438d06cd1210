// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using Tessera.Core.Configuration;

namespace Tessera.Server.CognitoIdp.Shapes;

/// <summary>RiskConfigurationType: the pool's configuration has no ClientId; a client's own has its id.</summary>
internal sealed record RiskConfigurationType(
    string UserPoolId,
    string? ClientId,
    JsonElement? CompromisedCredentialsRiskConfiguration,
    JsonElement? AccountTakeoverRiskConfiguration,
    JsonElement? RiskExceptionConfiguration,
    DateTimeOffset? LastModifiedDate)
{
    public static RiskConfigurationType From(string poolId, StoredDocument stored) => new(
        poolId,
        stored.ClientId,
        JsonMembers.Get(stored.Members, nameof(CompromisedCredentialsRiskConfiguration)),
        JsonMembers.Get(stored.Members, nameof(AccountTakeoverRiskConfiguration)),
        JsonMembers.Get(stored.Members, nameof(RiskExceptionConfiguration)),
        stored.UpdatedAt == default ? null : stored.UpdatedAt);
}

internal sealed record LogDeliveryConfigurationType(string UserPoolId, JsonElement LogConfigurations)
{
    public static LogDeliveryConfigurationType From(string poolId, StoredDocument stored)
        => new(poolId, JsonMembers.Get(stored.Members, nameof(LogConfigurations)) ?? JsonDocument.Parse("[]").RootElement.Clone());
}

internal sealed record TermsType(
    string TermsId,
    string UserPoolId,
    string ClientId,
    string? TermsName,
    string? TermsSource,
    string? Enforcement,
    JsonElement? Links,
    DateTimeOffset CreationDate,
    DateTimeOffset LastModifiedDate)
{
    public static TermsType From(string poolId, StoredDocument stored) => new(
        stored.Key,
        poolId,
        stored.ClientId!,
        JsonMembers.String(stored.Members, nameof(TermsName)),
        JsonMembers.String(stored.Members, nameof(TermsSource)),
        JsonMembers.String(stored.Members, nameof(Enforcement)),
        JsonMembers.Get(stored.Members, nameof(Links)),
        stored.CreatedAt,
        stored.UpdatedAt);
}

internal sealed record TermsDescriptionType(string TermsId, string? TermsName, string? Enforcement, DateTimeOffset CreationDate, DateTimeOffset LastModifiedDate)
{
    public static TermsDescriptionType From(StoredDocument stored) => new(
        stored.Key, JsonMembers.String(stored.Members, "TermsName"), JsonMembers.String(stored.Members, "Enforcement"), stored.CreatedAt, stored.UpdatedAt);
}

internal sealed record ManagedLoginBrandingType(
    string ManagedLoginBrandingId,
    string UserPoolId,
    bool UseCognitoProvidedValues,
    JsonElement? Settings,
    JsonElement? Assets,
    DateTimeOffset CreationDate,
    DateTimeOffset LastModifiedDate)
{
    public static ManagedLoginBrandingType From(string poolId, StoredDocument stored) => new(
        stored.Key,
        poolId,
        JsonMembers.Get(stored.Members, nameof(UseCognitoProvidedValues)) is { ValueKind: JsonValueKind.True },
        JsonMembers.Get(stored.Members, nameof(Settings)),
        JsonMembers.Get(stored.Members, nameof(Assets)),
        stored.CreatedAt,
        stored.UpdatedAt);
}

// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.HostedUi;

/// <summary>SetUICustomization's CSS and logo, for one app client or (<c>ALL</c>) the whole pool.</summary>
public sealed class UiCustomization
{
    public const string AllClients = "ALL";

    public required string PoolId { get; set; }
    public required string ClientId { get; set; }
    public string? Css { get; set; }
    public byte[]? Image { get; set; }
    public string? ImageContentType { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Changes with every set, so the logo URL and CSSVersion move when the content does.</summary>
    public long Version { get; set; }
}

// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Security;

namespace Tessera.Server.Hosting;

/// <summary>The caller's address from the connection, and its User-Agent header. Behind a proxy it is the proxy's unless forwarded headers are configured.</summary>
internal sealed class HttpCallerAddress(IHttpContextAccessor accessor) : ICallerAddress
{
    public string? IpAddress => accessor.HttpContext is { } context ? Of(context) : null;

    /// <summary>The address of <paramref name="context"/>'s caller, an IPv4-mapped IPv6 address as IPv4.</summary>
    public static string? Of(HttpContext context) => context.Connection.RemoteIpAddress is { } address
        ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString()
        : null;

    public string? UserAgent => accessor.HttpContext?.Request.Headers.UserAgent is { Count: > 0 } agent ? agent.ToString() : null;
}

// SPDX-License-Identifier: Apache-2.0
using Microsoft.AspNetCore.Http;
using Tessera.Server.Hosting;

namespace Tessera.Server.Tests.Hosting;

/// <summary>A request body is read whole up to a limit, with or without a declared length, and never past it.</summary>
public sealed class BoundedBodyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DefaultHttpContext Request(byte[] body, long? declaredLength)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = declaredLength;
        return context;
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(100, true)]
    [InlineData(40_000, true)]
    [InlineData(0, false)]
    [InlineData(100, false)]
    [InlineData(40_000, false)]
    public async Task ReadAsync_WithinTheLimit_ReturnsTheWholeBody(int size, bool declared)
    {
        var body = Enumerable.Range(0, size).Select(i => (byte)i).ToArray();

        var read = await BoundedBody.ReadAsync(Request(body, declared ? size : null), 40_000);

        read.ShouldBe(body);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadAsync_PastTheLimit_ReturnsNull(bool declared)
        => (await BoundedBody.ReadAsync(Request(new byte[40_001], declared ? 40_001 : null), 40_000)).ShouldBeNull();

    [Fact]
    public async Task ReadAsync_BodyShorterThanDeclared_ReturnsNull()
        => (await BoundedBody.ReadAsync(Request(new byte[10], 20), 40_000)).ShouldBeNull();

    [Fact]
    public async Task ReadAsync_Stream_PastTheLimit_ReturnsNull_WithinIt_TheBytes()
    {
        (await BoundedBody.ReadAsync(new MemoryStream(new byte[70_000]), 65_536, Ct)).ShouldBeNull();
        (await BoundedBody.ReadAsync(new MemoryStream(new byte[65_536]), 65_536, Ct))!.Length.ShouldBe(65_536);
    }
}

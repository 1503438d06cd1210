// SPDX-License-Identifier: Apache-2.0
using System.Buffers;
using Microsoft.AspNetCore.Http.Features;

namespace Tessera.Server.Hosting;

/// <summary>
/// Reads a body of untrusted length into memory and stops as soon as it passes a limit, whether or not
/// the sender declared a length: a chunked request or answer cannot make the server buffer more.
/// </summary>
internal static class BoundedBody
{
    private const int ChunkSize = 16 * 1024;

    /// <summary>The request body, or null when it is larger than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpContext context, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.ContentLength > maxBytes)
        {
            return null;
        }

        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = maxBytes + 1;
        }

        try
        {
            if (context.Request.ContentLength is { } length)
            {
                // A declared length (every SDK sends one) is read straight into an array of that size: Kestrel ends the
                // body after Content-Length bytes and fails a shorter one. A 16 KB chunk and a growing copy per request
                // were a fifth of the bytes a refresh allocated (issue 17, G9).
                var body = new byte[length];
                await context.Request.Body.ReadExactlyAsync(body, context.RequestAborted).ConfigureAwait(false);
                return body;
            }

            return await ReadAsync(context.Request.Body, maxBytes, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is BadHttpRequestException or EndOfStreamException)
        {
            // Kestrel's own limit (set just above ours) or a body cut short: either way not a body we take.
            return null;
        }
    }

    /// <summary>The stream's bytes, or null when it holds more than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(Stream stream, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk.AsMemory(0, ChunkSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }
}

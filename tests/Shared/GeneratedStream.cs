// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Tests.Streams;

/// <summary>
/// A large body made on the fly (head, filler, tail) with no declared length, counting how much of it the reader
/// took: proof that a bounded reader stopped early rather than buffering it all.
/// </summary>
public sealed class GeneratedStream(byte[] head, byte filler, byte[] tail, long length) : Stream
{
    public long Served { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => Served; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        var n = (int)Math.Min(count, length - Served);
        for (var i = 0; i < n; i++)
        {
            var at = Served + i;
            buffer[offset + i] = at < head.Length ? head[at] : at >= length - tail.Length ? tail[at - (length - tail.Length)] : filler;
        }

        Served += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

using Coffer.S3.Errors;
using Coffer.S3.Xml;

namespace Coffer.S3.Tests.Xml;

public class XmlRequestReaderTests
{
    [Fact]
    public async Task ReadBody_PastTheLimit_IsMaxMessageLengthExceededAndStopsReading()
    {
        var endless = new EndlessStream();

        var refused = await Assert.ThrowsAsync<S3Exception>(() => XmlRequestReader.ReadBodyAsync(endless, CancellationToken.None));

        Assert.Equal(S3Error.MaxMessageLengthExceeded, refused.Error);
        Assert.Equal(400, refused.Error.StatusCode);
        // One read buffer past the limit at most: the rest of a 10 MB (or endless) body is never taken in.
        Assert.InRange(endless.Served, XmlRequestReader.MaxDocumentBytes, XmlRequestReader.MaxDocumentBytes + (64 * 1024));
    }

    [Fact]
    public async Task ReadBody_ExactlyAtTheLimit_IsRead()
    {
        var body = new MemoryStream(new byte[XmlRequestReader.MaxDocumentBytes]);

        var read = await XmlRequestReader.ReadBodyAsync(body, CancellationToken.None);

        Assert.Equal(XmlRequestReader.MaxDocumentBytes, read.Length);
    }

    [Fact]
    public void Parse_UnclosedElement_IsMalformedXml()
    {
        var refused = Assert.Throws<S3Exception>(() => XmlRequestReader.Parse("<Delete><Object>"u8));

        Assert.Equal(S3Error.MalformedXML, refused.Error);
    }

    /// <summary>A body that never ends, counting what was taken from it.</summary>
    private sealed class EndlessStream : Stream
    {
        public long Served { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Served; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Fill(buffer, (byte)' ', offset, count);
            Served += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

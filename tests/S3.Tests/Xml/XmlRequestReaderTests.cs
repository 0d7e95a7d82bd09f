using System.Text;

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

    [Fact]
    public void Parse_OfDocumentNestedDeeperThanAnyS3Document_IsMalformedXml()
    {
        // Found by the xml-hostile fuzz target: building the tree of 51,160 nested elements took over
        // 30 s, and the 2 MiB the server reads hold 300,000.
        var body = Encoding.UTF8.GetBytes("<Delete>" + string.Concat(Enumerable.Repeat("<a>", 300_000)) + string.Concat(Enumerable.Repeat("</a>", 300_000)) + "</Delete>");

        var error = Assert.Throws<S3Exception>(() => XmlRequestReader.Parse(body));

        Assert.Equal(S3Error.MalformedXML, error.Error);
    }

    [Fact]
    public void Parse_OfDocumentAtTheDepthLimit_IsRead()
    {
        var depth = XmlRequestReader.MaxDepth;
        var body = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("<a>", depth + 1)) + "x" + string.Concat(Enumerable.Repeat("</a>", depth + 1)));

        var root = XmlRequestReader.Parse(body);

        Assert.Equal("x", root!.Value);
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

using System.Text;

using Coffer.S3.Errors;
using Coffer.S3.Xml;

namespace Coffer.S3.Tests.Xml;

public class XmlRequestReaderTests
{
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
}

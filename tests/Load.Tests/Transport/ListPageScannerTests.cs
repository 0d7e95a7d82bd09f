using System.Text;

using Coffer.Bench.Load.Transport;

namespace Coffer.Load.Tests.Transport;

public class ListPageScannerTests
{
    private const string Head = """<?xml version="1.0" encoding="utf-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>bench</Name><Prefix>load/list/</Prefix><MaxKeys>1000</MaxKeys>""";
    private const string Content = """<Contents><Key>load/list/a&lt;Contents&gt;</Key><ETag>"d41d8cd98f00b204e9800998ecf8427e"</ETag><Size>0</Size></Contents>""";

    [Fact]
    public void Scan_TruncatedPage_CountsKeysAndReadsTheToken()
    {
        var xml = $"{Head}<KeyCount>2</KeyCount><IsTruncated>true</IsTruncated><NextContinuationToken>bG9h&amp;ZA</NextContinuationToken>{Content}{Content}</ListBucketResult>";

        var page = ListPageScanner.Scan(Encoding.UTF8.GetBytes(xml));

        Assert.Equal(new ListPage(2, 0, "bG9h&ZA"), page);
    }

    [Fact]
    public void Scan_LastDelimitedPage_CountsCommonPrefixesAndHasNoToken()
    {
        var xml = $"{Head}<Delimiter>/</Delimiter><IsTruncated>false</IsTruncated><CommonPrefixes><Prefix>load/list/p00000/</Prefix></CommonPrefixes><CommonPrefixes><Prefix>load/list/p00001/</Prefix></CommonPrefixes></ListBucketResult>";

        var page = ListPageScanner.Scan(Encoding.UTF8.GetBytes(xml));

        Assert.Equal(new ListPage(0, 2, null), page);
    }

    [Fact]
    public void Scan_ErrorDocument_IsAFailure()
    {
        var xml = "<?xml version=\"1.0\"?><Error><Code>InternalError</Code></Error>";

        Assert.Throws<LoadFailure>(() => ListPageScanner.Scan(Encoding.UTF8.GetBytes(xml)));
    }

    [Fact]
    public void Scan_TruncatedWithoutToken_IsAFailure()
    {
        var xml = $"{Head}<IsTruncated>true</IsTruncated>{Content}</ListBucketResult>";

        Assert.Throws<LoadFailure>(() => ListPageScanner.Scan(Encoding.UTF8.GetBytes(xml)));
    }
}

using System.Text;

using Coffer.S3.Cors;
using Coffer.S3.Errors;

namespace Coffer.S3.Tests.Cors;

public class CorsConfigurationReaderTests
{
    private const string Origin = "<AllowedOrigin>https://app.example</AllowedOrigin>";
    private const string Get = "<AllowedMethod>GET</AllowedMethod>";
    private const string Minimal = Origin + Get;

    /// <summary>A CORSConfiguration in S3's namespace with one CORSRule per argument.</summary>
    private static string Document(params string[] rules) =>
        "<CORSConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        + string.Concat(rules.Select(rule => $"<CORSRule>{rule}</CORSRule>"))
        + "</CORSConfiguration>";

    private static CorsConfiguration Read(string document) => CorsConfigurationReader.Read(Encoding.UTF8.GetBytes(document));

    private static S3Exception Refused(string document) => Assert.Throws<S3Exception>(() => Read(document));

    [Fact]
    public void Read_EveryElement_IsKeptInOrder()
    {
        var configuration = Read(Document(
            "<ID>site</ID><AllowedOrigin>https://app.example</AllowedOrigin><AllowedOrigin>https://*.app.example</AllowedOrigin>"
            + "<AllowedMethod>PUT</AllowedMethod><AllowedMethod>GET</AllowedMethod><AllowedHeader>Content-Type</AllowedHeader>"
            + "<AllowedHeader>x-amz-*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><ExposeHeader>x-amz-version-id</ExposeHeader>"
            + "<MaxAgeSeconds>3000</MaxAgeSeconds>",
            "<AllowedOrigin>*</AllowedOrigin><AllowedMethod>HEAD</AllowedMethod>"));

        Assert.Equal(2, configuration.Rules.Count);
        var site = configuration.Rules[0];
        Assert.Equal("site", site.Id);
        Assert.Equal(["https://app.example", "https://*.app.example"], site.AllowedOrigins);
        Assert.Equal(["PUT", "GET"], site.AllowedMethods);
        Assert.Equal(["Content-Type", "x-amz-*"], site.AllowedHeaders);
        Assert.Equal(["ETag", "x-amz-version-id"], site.ExposeHeaders);
        Assert.Equal(3000, site.MaxAgeSeconds);
        var open = configuration.Rules[1];
        Assert.Null(open.Id);
        Assert.Null(open.MaxAgeSeconds);
        Assert.Empty(open.AllowedHeaders);
        Assert.Empty(open.ExposeHeaders);
        Assert.True(open.AllowsAnyOrigin);
        Assert.False(site.AllowsAnyOrigin);
    }

    public static TheoryData<string, string> SameDocumentForms => new()
    {
        { "no namespace", $"<CORSConfiguration><CORSRule>{Minimal}</CORSRule></CORSConfiguration>" },
        { "a prefixed namespace", $"<s3:CORSConfiguration xmlns:s3=\"http://s3.amazonaws.com/doc/2006-03-01/\"><s3:CORSRule><s3:AllowedOrigin>https://app.example</s3:AllowedOrigin><s3:AllowedMethod>GET</s3:AllowedMethod></s3:CORSRule></s3:CORSConfiguration>" },
        { "an XML declaration", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + Document(Minimal) },
        { "a byte order mark", "\uFEFF" + Document(Minimal) },
        { "indentation", "\n<CORSConfiguration>\n\t<CORSRule>\r\n\t\t" + Origin + "\n\t\t" + Get + "\n\t</CORSRule>\n</CORSConfiguration>\n" },
        { "methods before origins", Document(Get + Origin) },
        { "comments", Document("<!-- site -->" + Origin + "<!-- read -->" + Get) },
        { "CDATA", Document("<AllowedOrigin><![CDATA[https://app.example]]></AllowedOrigin>" + Get) },
        { "entities", Document("<AllowedOrigin>https://app&#x2E;example</AllowedOrigin>" + Get) },
    };

    [Theory]
    [MemberData(nameof(SameDocumentForms))]
    public void Read_FormsOfTheSameDocument_GiveTheSameRule(string form, string document)
    {
        var rule = Assert.Single(Read(document).Rules);

        Assert.True(rule.AllowedOrigins.SequenceEqual(["https://app.example"]), form);
        Assert.True(rule.AllowedMethods.SequenceEqual(["GET"]), form);
    }

    [Theory]
    [InlineData("<MaxAgeSeconds>0</MaxAgeSeconds>", 0)]
    [InlineData("<MaxAgeSeconds>007</MaxAgeSeconds>", 7)]
    [InlineData("<MaxAgeSeconds>2147483647</MaxAgeSeconds>", int.MaxValue)]
    public void Read_MaxAgeSeconds_IsAnyNonNegativeInt32(string element, int seconds)
    {
        Assert.Equal(seconds, Read(Document(Minimal + element)).Rules[0].MaxAgeSeconds);
    }

    [Fact]
    public void Read_Values_KeepTheirCaseWhitespaceAndDuplicates()
    {
        var rule = Read(Document(
            "<AllowedOrigin> HTTPS://App.Example\n</AllowedOrigin><AllowedOrigin> HTTPS://App.Example\n</AllowedOrigin>"
            + Get + Get + "<AllowedHeader> X-Amz-Date </AllowedHeader><ID></ID>")).Rules[0];

        Assert.Equal([" HTTPS://App.Example\n", " HTTPS://App.Example\n"], rule.AllowedOrigins);
        Assert.Equal(["GET", "GET"], rule.AllowedMethods);
        Assert.Equal([" X-Amz-Date "], rule.AllowedHeaders);
        Assert.Equal("", rule.Id);
    }

    [Fact]
    public void Read_OneWildcardEverywhereItIsAllowed_IsAccepted()
    {
        var rule = Read(Document(
            "<AllowedOrigin>*</AllowedOrigin><AllowedOrigin>https://*.app.example</AllowedOrigin><AllowedOrigin>http://localhost:*</AllowedOrigin>"
            + Get + "<AllowedHeader>*</AllowedHeader><AllowedHeader>x-amz-meta-*</AllowedHeader>")).Rules[0];

        Assert.Equal(3, rule.AllowedOrigins.Count);
        Assert.Equal(2, rule.AllowedHeaders.Count);
    }

    [Fact]
    public void Read_AHundredRulesAndALongId_AreAccepted()
    {
        var id = new string('i', CorsConfiguration.MaxIdLength);

        var configuration = Read(Document([.. Enumerable.Repeat($"<ID>{id}</ID>" + Minimal, CorsConfiguration.MaxRules)]));

        Assert.Equal(CorsConfiguration.MaxRules, configuration.Rules.Count);
        Assert.Equal(id, configuration.Rules[99].Id);
    }

    public static TheoryData<string, string> MalformedDocuments => new()
    {
        { "an empty body", "" },
        { "whitespace", " \n " },
        { "not XML", "AllowedOrigin=*" },
        { "an unclosed element", $"<CORSConfiguration><CORSRule>{Minimal}</CORSConfiguration>" },
        { "a document type declaration", "<!DOCTYPE CORSConfiguration>" + Document(Minimal) },
        { "another root", $"<CORSRules><CORSRule>{Minimal}</CORSRule></CORSRules>" },
        { "a root in lower case", $"<corsconfiguration><CORSRule>{Minimal}</CORSRule></corsconfiguration>" },
        { "a rule as the root", $"<CORSRule>{Minimal}</CORSRule>" },
        { "no rule", Document() },
        { "an empty root", "<CORSConfiguration/>" },
        { "rule elements in the root", $"<CORSConfiguration>{Minimal}</CORSConfiguration>" },
        { "another element beside a rule", $"<CORSConfiguration><CORSRule>{Minimal}</CORSRule><Owner>me</Owner></CORSConfiguration>" },
        { "text beside a rule", $"<CORSConfiguration>words<CORSRule>{Minimal}</CORSRule></CORSConfiguration>" },
        { "101 rules", Document([.. Enumerable.Repeat(Minimal, 101)]) },
        { "an empty rule", Document("") },
        { "a rule in a rule", Document($"<CORSRule>{Minimal}</CORSRule>") },
        { "a rule without AllowedOrigin", Document(Get) },
        { "a rule without AllowedMethod", Document(Origin) },
        { "a later rule without AllowedOrigin", Document(Minimal, Get) },
        { "text in a rule", Document(Minimal + "words") },
        { "an unknown element in a rule", Document(Minimal + "<AllowedHeaders>*</AllowedHeaders>") },
        { "an element name in lower case", Document(Minimal + "<allowedheader>*</allowedheader>") },
        { "an element inside a value", Document($"<AllowedOrigin><Host>*</Host></AllowedOrigin>{Get}") },
        { "an empty MaxAgeSeconds", Document(Minimal + "<MaxAgeSeconds/>") },
        { "a negative MaxAgeSeconds", Document(Minimal + "<MaxAgeSeconds>-1</MaxAgeSeconds>") },
        { "a signed MaxAgeSeconds", Document(Minimal + "<MaxAgeSeconds>+1</MaxAgeSeconds>") },
        { "a fractional MaxAgeSeconds", Document(Minimal + "<MaxAgeSeconds>1.5</MaxAgeSeconds>") },
        { "a MaxAgeSeconds with spaces", Document(Minimal + "<MaxAgeSeconds> 60 </MaxAgeSeconds>") },
        { "a MaxAgeSeconds in words", Document(Minimal + "<MaxAgeSeconds>an hour</MaxAgeSeconds>") },
        { "a MaxAgeSeconds beyond 32 bits", Document(Minimal + "<MaxAgeSeconds>2147483648</MaxAgeSeconds>") },
        { "two MaxAgeSeconds", Document(Minimal + "<MaxAgeSeconds>1</MaxAgeSeconds><MaxAgeSeconds>1</MaxAgeSeconds>") },
        { "two IDs", Document(Minimal + "<ID></ID><ID>b</ID>") },
        { "an ID of 256 characters", Document(Minimal + $"<ID>{new string('i', 256)}</ID>") },
        { "a document over 64 KiB", Document(Minimal + $"<ID>{new string(' ', 64 * 1024)}</ID>") },
    };

    [Theory]
    [MemberData(nameof(MalformedDocuments))]
    public void Read_BrokenShape_IsMalformedXml(string shape, string document)
    {
        Assert.True(Refused(document).Error == S3Error.MalformedXML, shape);
    }

    public static TheoryData<string, string> InvalidRules => new()
    {
        { $"{Origin}{Get}<AllowedMethod>PATCH</AllowedMethod>", "Found unsupported HTTP method in CORS config. Unsupported method is PATCH" },
        { $"{Origin}<AllowedMethod>OPTIONS</AllowedMethod>", "Found unsupported HTTP method in CORS config. Unsupported method is OPTIONS" },
        { $"{Origin}<AllowedMethod>get</AllowedMethod>", "Found unsupported HTTP method in CORS config. Unsupported method is get" },
        { $"{Origin}<AllowedMethod> GET</AllowedMethod>", "Found unsupported HTTP method in CORS config. Unsupported method is  GET" },
        { $"{Origin}<AllowedMethod>*</AllowedMethod>", "Found unsupported HTTP method in CORS config. Unsupported method is *" },
        { $"{Origin}<AllowedMethod></AllowedMethod>", "Found unsupported HTTP method in CORS config. Unsupported method is " },
        { $"<AllowedOrigin>https://*.app.*</AllowedOrigin>{Get}", "AllowedOrigin \"https://*.app.*\" can not have more than one wildcard." },
        { $"{Origin}<AllowedOrigin>**</AllowedOrigin>{Get}", "AllowedOrigin \"**\" can not have more than one wildcard." },
        { $"{Minimal}<AllowedHeader>x-*-*</AllowedHeader>", "AllowedHeader \"x-*-*\" can not have more than one wildcard." },
        { $"{Minimal}<ExposeHeader>*</ExposeHeader>", "ExposeHeader \"*\" contains wildcard. We currently do not support wildcard for ExposeHeader." },
        { $"{Minimal}<ExposeHeader>ETag</ExposeHeader><ExposeHeader>x-amz-*</ExposeHeader>", "ExposeHeader \"x-amz-*\" contains wildcard. We currently do not support wildcard for ExposeHeader." },

        // Within a rule: methods, then origins, then allowed headers, then exposed headers.
        { "<ExposeHeader>*</ExposeHeader><AllowedHeader>**</AllowedHeader><AllowedOrigin>**</AllowedOrigin><AllowedMethod>TRACE</AllowedMethod>", "Found unsupported HTTP method in CORS config. Unsupported method is TRACE" },
        { $"<ExposeHeader>*</ExposeHeader><AllowedHeader>**</AllowedHeader><AllowedOrigin>**</AllowedOrigin>{Get}", "AllowedOrigin \"**\" can not have more than one wildcard." },
        { $"<ExposeHeader>*</ExposeHeader><AllowedHeader>**</AllowedHeader>{Minimal}", "AllowedHeader \"**\" can not have more than one wildcard." },
        { $"{Origin}<AllowedMethod>PATCH</AllowedMethod><AllowedMethod>TRACE</AllowedMethod>", "Found unsupported HTTP method in CORS config. Unsupported method is PATCH" },
    };

    [Theory]
    [MemberData(nameof(InvalidRules))]
    public void Read_InvalidValue_IsInvalidRequestNamingIt(string rule, string message)
    {
        var error = Refused(Document(Minimal, rule, Minimal));

        Assert.Equal(S3Error.InvalidRequest, error.Error);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Read_TwoInvalidRules_NamesTheFirst()
    {
        var error = Refused(Document(Minimal + "<ExposeHeader>*</ExposeHeader>", Origin + "<AllowedMethod>PATCH</AllowedMethod>"));

        Assert.StartsWith("ExposeHeader", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<AllowedMethod>PATCH</AllowedMethod>")]
    [InlineData("<AllowedOrigin>**</AllowedOrigin>")]
    public void Read_InvalidValueAndBrokenShape_IsMalformedXml(string invalid)
    {
        // The shape of the whole document is judged before any value.
        Assert.Equal(S3Error.MalformedXML, Refused(Document(Minimal + invalid, Get)).Error);
    }
}

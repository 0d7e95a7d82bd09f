using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Xml.Linq;

using Coffer.Engine.Model;
using Coffer.S3.Acls;
using Coffer.S3.Cors;
using Coffer.S3.Encryption;
using Coffer.S3.Errors;
using Coffer.S3.ObjectLock;
using Coffer.S3.PublicAccess;
using Coffer.S3.Tagging;
using Coffer.S3.Versioning;
using Coffer.S3.Xml;
using Coffer.TestKit;

using FsCheck.Fluent;

using Xunit.Abstractions;

namespace Coffer.S3.Tests.Fuzzing;

/// <summary>
/// The request documents, from valid examples of each (as in the S3 API reference) with bytes
/// flipped, spans cut or repeated, and from hostile shapes: deep nesting, thousands of attributes,
/// DTDs with expanding or external entities. Every reader answers with a result or an S3 error,
/// expands no entity and fetches nothing.
/// </summary>
[Trait("Category", "Fuzz")]
public class XmlDocumentFuzzTests(ITestOutputHelper output)
{
    private const string Owner = "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a";

    private static readonly (string Name, string Document, Action<byte[]> Read)[] Readers =
    [
        ("DeleteObjects", "<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Object><Key>a/b c</Key><VersionId>null</VersionId></Object><Object><Key>&lt;x&gt;&amp;</Key></Object><Quiet>true</Quiet></Delete>", Walk),
        ("CompleteMultipartUpload", "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>\"a54357aff0632cce46d942af68356b38\"</ETag><ChecksumCRC32>AAAAAA==</ChecksumCRC32></Part><Part><PartNumber>2</PartNumber><ETag>\"0c78aef83f66abc1fa1e8477f296d394\"</ETag></Part></CompleteMultipartUpload>", Walk),
        ("CreateBucketConfiguration", "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><LocationConstraint>us-east-1</LocationConstraint></CreateBucketConfiguration>", Walk),
        ("CORSConfiguration", "<CORSConfiguration><CORSRule><ID>rule1</ID><AllowedOrigin>http://www.example.com</AllowedOrigin><AllowedMethod>PUT</AllowedMethod><AllowedMethod>GET</AllowedMethod><AllowedHeader>*</AllowedHeader><ExposeHeader>x-amz-request-id</ExposeHeader><MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>HEAD</AllowedMethod></CORSRule></CORSConfiguration>", body => CorsConfigurationReader.Read(body)),
        ("AccessControlPolicy", $"<AccessControlPolicy xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><Owner><ID>{Owner}</ID></Owner><AccessControlList><Grant><Grantee xsi:type=\"CanonicalUser\"><ID>{Owner}</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant><Grant><Grantee xsi:type=\"Group\"><URI>http://acs.amazonaws.com/groups/global/AllUsers</URI></Grantee><Permission>READ</Permission></Grant></AccessControlList></AccessControlPolicy>", body => AclXml.Read(XmlRequestReader.Parse(body), Owner)),
        ("PublicAccessBlockConfiguration", "<PublicAccessBlockConfiguration><BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>false</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>false</RestrictPublicBuckets></PublicAccessBlockConfiguration>", body => PublicAccessBlock.Parse(XmlRequestReader.Parse(body))),
        ("OwnershipControls", "<OwnershipControls><Rule><ObjectOwnership>BucketOwnerEnforced</ObjectOwnership></Rule></OwnershipControls>", body => ObjectOwnershipRules.Parse(XmlRequestReader.Parse(body))),
        ("Tagging", "<Tagging xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><TagSet><Tag><Key>project</Key><Value>blue</Value></Tag><Tag><Key>owner</Key><Value>J\u00fcrgen K</Value></Tag></TagSet></Tagging>", body => TaggingDocument.Parse(XmlRequestReader.Parse(body), TagSetOwner.ObjectVersion)),
        ("ObjectLockConfiguration", "<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule><DefaultRetention><Mode>GOVERNANCE</Mode><Days>30</Days></DefaultRetention></Rule></ObjectLockConfiguration>", body => ObjectLockDocuments.ParseConfiguration(XmlRequestReader.Parse(body))),
        ("Retention", "<Retention><Mode>COMPLIANCE</Mode><RetainUntilDate>2030-01-01T00:00:00.000Z</RetainUntilDate></Retention>", body => ObjectLockDocuments.ParseRetention(XmlRequestReader.Parse(body))),
        ("LegalHold", "<LegalHold><Status>ON</Status></LegalHold>", body => ObjectLockDocuments.ParseLegalHold(XmlRequestReader.Parse(body))),
        ("ServerSideEncryptionConfiguration", "<ServerSideEncryptionConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault><BlockedEncryptionTypes><EncryptionType>SSE-C</EncryptionType></BlockedEncryptionTypes><BucketKeyEnabled>false</BucketKeyEnabled></Rule></ServerSideEncryptionConfiguration>", body => BucketEncryptionDocument.Parse(XmlRequestReader.Parse(body))),
        ("VersioningConfiguration", "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Status>Enabled</Status><MfaDelete>Disabled</MfaDelete></VersioningConfiguration>", body => VersioningDocument.Parse(XmlRequestReader.Parse(body))),
    ];

    [Fact]
    public void Read_OfMutatedDocuments_GivesAResultOrAnS3Error()
    {
        var cases =
            from reader in Gen.Choose(0, Readers.Length - 1)
            from body in FuzzInputs.Mutated(Encoding.UTF8.GetBytes(Readers[reader].Document))
            select new XmlCase(reader, body);

        FuzzBudget.Run("xml-mutated", Arb.From(cases), ReadEach, output.WriteLine);
    }

    [Fact]
    public void Read_OfHostileDocuments_GivesAResultOrAnS3ErrorWithoutExpandingOrFetching()
    {
        // Anything that tries to fetch an external entity or DTD would connect here.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var cases =
            from reader in Gen.Choose(0, Readers.Length - 1)
            from shape in Gen.Elements(Enum.GetValues<Shape>())
            from count in Gen.Frequency((8, Gen.Choose(1, 2_000)), (1, Gen.Choose(2_000, 100_000)))
            select new XmlCase(reader, Hostile(shape, count, Readers[reader].Document, port), shape, count);

        FuzzBudget.Run("xml-hostile", Arb.From(cases), Check, output.WriteLine);

        Assert.False(listener.Pending(), "An XML reader connected to the address of an external entity.");

        static void Check(XmlCase c)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            ReadEach(c);

            // Entity expansion would cost orders of magnitude more than the document; parsing a 2 MiB
            // document into a tree costs a few dozen times its size.
            Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, Math.Max(64L << 20, c.Body.Length * 64L));
        }
    }

    private enum Shape
    {
        BillionLaughs,
        ExternalEntity,
        ExternalDtd,
        DeepNesting,
        ManyAttributes,
        ManyElements,
        ManyNamespaces,
    }

    private static void ReadEach(XmlCase c)
    {
        try
        {
            Readers[c.Reader].Read(c.Body);
        }
        catch (S3Exception)
        {
            // The declared failure (MalformedXML, MalformedACLError, InvalidRequest...).
        }
    }

    /// <summary>
    /// What DeleteObjects, CompleteMultipartUpload and CreateBucket do with their documents: parse, then
    /// read the values of the root's children and grandchildren (Object/Key, Part/ETag...).
    /// </summary>
    private static void Walk(byte[] body)
    {
        var root = XmlRequestReader.Parse(body);
        foreach (var child in root?.Elements() ?? [])
        {
            _ = child.Value.Trim();
            foreach (var grandchild in child.Elements())
            {
                _ = grandchild.Value.Trim();
            }
        }
    }

    /// <summary>
    /// A document of the shape, with as many of its repeated parts as fit in the size the server
    /// reads at most (<see cref="XmlRequestReader.MaxDocumentBytes"/>): a longer body never reaches a parser.
    /// </summary>
    private static byte[] Hostile(Shape shape, int count, string valid, int port)
    {
        var body = HostileText(shape, count, valid, port);
        return body.Length <= XmlRequestReader.MaxDocumentBytes ? body : Hostile(shape, count / 2, valid, port);
    }

    private static byte[] HostileText(Shape shape, int count, string valid, int port)
    {
        var root = XElement.Parse(valid).Name.LocalName;
        var text = shape switch
        {
            Shape.BillionLaughs =>
                "<?xml version=\"1.0\"?><!DOCTYPE " + root + " [<!ENTITY lol \"lol\">"
                + string.Concat(Enumerable.Range(1, 9).Select(i => $"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat(i == 1 ? "&lol;" : $"&lol{i - 1};", 10))}\">"))
                + "]>" + valid.Replace("</" + root + ">", "&lol9;</" + root + ">", StringComparison.Ordinal),
            Shape.ExternalEntity =>
                $"<!DOCTYPE {root} [<!ENTITY xxe SYSTEM \"http://127.0.0.1:{port}/secret\"><!ENTITY file SYSTEM \"file:///etc/passwd\">]>"
                + valid.Replace("</" + root + ">", "&xxe;&file;</" + root + ">", StringComparison.Ordinal),
            Shape.ExternalDtd => $"<!DOCTYPE {root} SYSTEM \"http://127.0.0.1:{port}/x.dtd\">" + valid,
            Shape.DeepNesting => "<" + root + ">" + string.Concat(Enumerable.Repeat("<a>", count)) + string.Concat(Enumerable.Repeat("</a>", count)) + "</" + root + ">",
            Shape.ManyAttributes => "<" + root + string.Concat(Enumerable.Range(0, count).Select(i => $" a{i}=\"{i}\"")) + ">" + valid + "</" + root + ">",
            Shape.ManyElements => valid.Replace("</" + root + ">", string.Concat(Enumerable.Repeat("<Object><Key>k</Key></Object>", count)) + "</" + root + ">", StringComparison.Ordinal),
            _ => "<" + root + string.Concat(Enumerable.Range(0, count).Select(i => $" xmlns:p{i}=\"urn:{i}\"")) + "/>",
        };
        return Encoding.UTF8.GetBytes(text);
    }

    private sealed record XmlCase(int Reader, byte[] Body, Shape? Shape = null, int Count = 0)
    {
        public override string ToString() =>
            $"{Readers[Reader].Name}{(Shape is null ? "" : $" {Shape} x{Count}")}: {Encoding.UTF8.GetString(Body[..Math.Min(Body.Length, 1500)])}";
    }
}

using System.Text;

namespace Coffer.EndToEnd.Tests.Hostile;

/// <summary>Every operation that reads a document from the body, given one that is not well-formed, and one of 10 MB.</summary>
public static partial class BadInputCases
{
    /// <summary>A bucket name that no row may bring into being.</summary>
    internal const string NeverCreated = "bad-input-never-created";

    // (operation, method, target, code for a document that is not well-formed)
    private static IEnumerable<(string Operation, string Method, Func<HostileInputWorld, string> Target, string MalformedCode)> DocumentOperations =>
    [
        ("CreateBucket", "PUT", _ => $"/{NeverCreated}", "MalformedXML"),
        ("PutBucketCors", "PUT", w => $"/{w.Bucket}?cors", "MalformedXML"),
        ("PutBucketAcl", "PUT", w => $"/{w.Bucket}?acl", "MalformedACLError"),
        ("PutObjectAcl", "PUT", w => $"{w.ObjectPath}?acl", "MalformedACLError"),
        ("PutBucketOwnershipControls", "PUT", w => $"/{w.Bucket}?ownershipControls", "MalformedXML"),
        ("PutPublicAccessBlock", "PUT", w => $"/{w.Bucket}?publicAccessBlock", "MalformedXML"),
        ("DeleteObjects", "POST", w => $"/{w.Bucket}?delete", "MalformedXML"),
        ("CompleteMultipartUpload", "POST", w => $"/{w.Bucket}/{HostileInputWorld.UploadKey}?uploadId={w.UploadId}", "MalformedXML"),
        ("PutBucketPolicy", "PUT", w => $"/{w.Bucket}?policy", "MalformedPolicy"),
        ("PutObjectTagging", "PUT", w => $"{w.ObjectPath}?tagging", "MalformedXML"),
        ("PutBucketTagging", "PUT", w => $"/{w.Bucket}?tagging", "MalformedXML"),
        ("PutObjectLockConfiguration", "PUT", w => $"/{w.Bucket}?object-lock", "MalformedXML"),
        ("PutObjectRetention", "PUT", w => $"{w.ObjectPath}?retention", "MalformedXML"),
        ("PutObjectLegalHold", "PUT", w => $"{w.ObjectPath}?legal-hold", "MalformedXML"),
        ("PutBucketEncryption", "PUT", w => $"/{w.Bucket}?encryption", "MalformedXML"),
    ];

    // (name, target, document, code): lock documents that are well-formed XML but break S3's schema or rules.
    private static IEnumerable<(string Name, Func<HostileInputWorld, string> Target, string Document, string Code)> LockDocuments =>
    [
        ("lock-days-and-years", w => $"/{w.Bucket}?object-lock",
            "<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule><DefaultRetention><Mode>GOVERNANCE</Mode><Days>1</Days><Years>1</Years></DefaultRetention></Rule></ObjectLockConfiguration>", "MalformedXML"),
        ("lock-zero-days", w => $"/{w.Bucket}?object-lock",
            "<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule><DefaultRetention><Mode>GOVERNANCE</Mode><Days>0</Days></DefaultRetention></Rule></ObjectLockConfiguration>", "InvalidRetentionPeriod"),
        ("lock-negative-years", w => $"/{w.Bucket}?object-lock",
            "<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule><DefaultRetention><Mode>COMPLIANCE</Mode><Years>-1</Years></DefaultRetention></Rule></ObjectLockConfiguration>", "InvalidRetentionPeriod"),
        ("lock-days-not-a-number", w => $"/{w.Bucket}?object-lock",
            "<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule><DefaultRetention><Mode>GOVERNANCE</Mode><Days>ten</Days></DefaultRetention></Rule></ObjectLockConfiguration>", "MalformedXML"),
        ("lock-lowercase-mode", w => $"/{w.Bucket}?object-lock",
            "<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule><DefaultRetention><Mode>governance</Mode><Days>1</Days></DefaultRetention></Rule></ObjectLockConfiguration>", "MalformedXML"),
        ("lock-disabled", w => $"/{w.Bucket}?object-lock",
            "<ObjectLockConfiguration><ObjectLockEnabled>Disabled</ObjectLockEnabled></ObjectLockConfiguration>", "MalformedXML"),
        ("lock-rule-without-retention", w => $"/{w.Bucket}?object-lock",
            "<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule/></ObjectLockConfiguration>", "MalformedXML"),
        ("retention-unknown-mode", w => $"{w.ObjectPath}?retention",
            "<Retention><Mode>FOREVER</Mode><RetainUntilDate>2099-01-01T00:00:00Z</RetainUntilDate></Retention>", "MalformedXML"),
        ("retention-date-not-iso8601", w => $"{w.ObjectPath}?retention",
            "<Retention><Mode>GOVERNANCE</Mode><RetainUntilDate>soon</RetainUntilDate></Retention>", "MalformedXML"),
        ("retention-without-date", w => $"{w.ObjectPath}?retention", "<Retention><Mode>GOVERNANCE</Mode></Retention>", "MalformedXML"),
        ("legal-hold-lowercase", w => $"{w.ObjectPath}?legal-hold", "<LegalHold><Status>on</Status></LegalHold>", "MalformedXML"),
        ("legal-hold-two-statuses", w => $"{w.ObjectPath}?legal-hold", "<LegalHold><Status>ON</Status><Status>OFF</Status></LegalHold>", "MalformedXML"),
    ];

    private const string Aes256Default = "<ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault>";

    // (name, rules, code): ServerSideEncryptionConfiguration documents, well-formed XML that breaks S3's schema or rules.
    private static IEnumerable<(string Name, string Rules, string Code)> EncryptionDocuments =>
    [
        ("encryption-no-rule", "", "MalformedXML"),
        ("encryption-two-rules", $"<Rule>{Aes256Default}</Rule><Rule>{Aes256Default}</Rule>", "MalformedXML"),
        ("encryption-made-up-algorithm", "<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>ROT13</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule>", "MalformedXML"),
        ("encryption-lowercase-algorithm", "<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>aes256</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule>", "MalformedXML"),
        ("encryption-default-without-algorithm", "<Rule><ApplyServerSideEncryptionByDefault/></Rule>", "MalformedXML"),
        ("encryption-kms-key-with-aes256",
            "<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm><KMSMasterKeyID>alias/media</KMSMasterKeyID></ApplyServerSideEncryptionByDefault></Rule>", "InvalidArgument"),
        ("encryption-bucket-key-maybe", $"<Rule>{Aes256Default}<BucketKeyEnabled>maybe</BucketKeyEnabled></Rule>", "MalformedXML"),
        ("encryption-block-unknown-type", $"<Rule>{Aes256Default}<BlockedEncryptionTypes><EncryptionType>SSE-KMS</EncryptionType></BlockedEncryptionTypes></Rule>", "MalformedXML"),
        ("encryption-block-none-and-sse-c",
            $"<Rule>{Aes256Default}<BlockedEncryptionTypes><EncryptionType>NONE</EncryptionType><EncryptionType>SSE-C</EncryptionType></BlockedEncryptionTypes></Rule>", "MalformedXML"),
        ("encryption-unknown-element", $"<Rule>{Aes256Default}<Replicate>true</Replicate></Rule>", "MalformedXML"),
    ];

    private static IEnumerable<BadInputCase> Documents =>
    [
        .. DocumentOperations.SelectMany(operation => new BadInputCase[]
        {
            new($"document-malformed-{operation.Operation}", w => Document(w, operation.Method, operation.Target(w), Malformed), 400, operation.MalformedCode),
            new($"document-10-mb-{operation.Operation}", w => Document(w, operation.Method, operation.Target(w), TenMegabytes.Value), 400, "MaxMessageLengthExceeded"),
        }),
        .. LockDocuments.Select(row => new BadInputCase($"document-{row.Name}", w => Document(w, "PUT", row.Target(w), Encoding.UTF8.GetBytes(row.Document)), 400, row.Code)),
        .. EncryptionDocuments.Select(row => new BadInputCase($"document-{row.Name}", w => Document(w, "PUT", $"/{w.Bucket}?encryption", Encoding.UTF8.GetBytes(
            $"<ServerSideEncryptionConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">{row.Rules}</ServerSideEncryptionConfiguration>")), 400, row.Code)),
        new("document-encryption-without-digest-PutBucketEncryption", w => w.Raw.Sign("PUT", $"/{w.Bucket}?encryption", RawS3Client.Utf8(
            $"<ServerSideEncryptionConfiguration><Rule>{Aes256Default}</Rule></ServerSideEncryptionConfiguration>")), 400, "InvalidRequest"),
        // S3 looks for the bucket before it judges the document.
        new("document-encryption-missing-bucket-PutBucketEncryption", w => Document(w, "PUT", $"/{NeverCreated}?encryption", Encoding.UTF8.GetBytes("<ServerSideEncryptionConfiguration/>")), 404, "NoSuchBucket"),
        new("document-invalid-utf8-DeleteObjects", w => Document(w, "POST", $"/{w.Bucket}?delete", [.. "<Delete><Object><Key>"u8, 0xFF, 0xFE, .. "</Key></Object></Delete>"u8]), 400, "MalformedXML"),
        new("document-entity-expansion-DeleteObjects", w => Document(w, "POST", $"/{w.Bucket}?delete", EntityExpansion), 400, "MalformedXML"),
        new("document-1001-keys-DeleteObjects", w => Document(w, "POST", $"/{w.Bucket}?delete", ManyKeys(1001)), 400, "MalformedXML"),
        TaggingRow("tagging-duplicate-keys", "<Tag><Key>k</Key><Value>1</Value></Tag><Tag><Key>k</Key><Value>2</Value></Tag>", "InvalidTag"),
        TaggingRow("tagging-eleven-tags", string.Concat(Enumerable.Range(0, 11).Select(i => $"<Tag><Key>k{i}</Key><Value>v</Value></Tag>")), "InvalidTag"),
        TaggingRow("tagging-aws-prefix", "<Tag><Key>aws:owner</Key><Value>me</Value></Tag>", "InvalidTag"),
        TaggingRow("tagging-empty-key", "<Tag><Key></Key><Value>v</Value></Tag>", "InvalidTag"),
        TaggingRow("tagging-value-too-long", $"<Tag><Key>k</Key><Value>{new string('v', 257)}</Value></Tag>", "InvalidTag"),
        TaggingRow("tagging-tag-without-value", "<Tag><Key>k</Key></Tag>", "MalformedXML"),
        TaggingRow("tagging-key-twice-in-a-tag", "<Tag><Key>k</Key><Key>j</Key><Value>v</Value></Tag>", "MalformedXML"),
        TaggingRow("tagging-foreign-element", "<Label><Key>k</Key><Value>v</Value></Label>", "MalformedXML"),
        new("document-tagging-without-tagset-PutObjectTagging", w => Document(w, "PUT", $"{w.ObjectPath}?tagging", Encoding.UTF8.GetBytes("<Tagging/>")), 400, "MalformedXML"),
        new("document-tagging-51-tags-PutBucketTagging", w => Document(w, "PUT", $"/{w.Bucket}?tagging", Encoding.UTF8.GetBytes(
            "<Tagging><TagSet>" + string.Concat(Enumerable.Range(0, 51).Select(i => $"<Tag><Key>k{i}</Key><Value>v</Value></Tag>")) + "</TagSet></Tagging>")), 400, "InvalidTag"),
        new("document-tagging-without-digest-PutObjectTagging", w => w.Raw.Sign("PUT", $"{w.ObjectPath}?tagging", RawS3Client.Utf8("<Tagging><TagSet/></Tagging>")), 400, "InvalidRequest"),
        new("document-tagging-without-digest-PutBucketTagging", w => w.Raw.Sign("PUT", $"/{w.Bucket}?tagging", RawS3Client.Utf8("<Tagging><TagSet/></Tagging>")), 400, "InvalidRequest"),
        new("document-tagging-bad-digest-PutObjectTagging", w => w.Raw.Sign("PUT", $"{w.ObjectPath}?tagging", RawS3Client.Utf8("<Tagging><TagSet/></Tagging>"), [("Content-MD5", Md5([]))]), 400, "BadDigest"),
        new("tagging-version-unknown-PutObjectTagging", w => Document(w, "PUT", $"{w.ObjectPath}?tagging&versionId={UnknownVersion}", Encoding.UTF8.GetBytes("<Tagging><TagSet/></Tagging>")), 404, "NoSuchVersion"),
        new("tagging-version-unknown-DeleteObjectTagging", w => w.Raw.Sign("DELETE", $"{w.ObjectPath}?tagging&versionId={UnknownVersion}"), 404, "NoSuchVersion"),
        new("tagging-missing-key-PutObjectTagging", w => Document(w, "PUT", $"/{w.Bucket}/never-written.txt?tagging", Encoding.UTF8.GetBytes("<Tagging><TagSet/></Tagging>")), 404, "NoSuchKey"),
        new("document-part-number-overflow-CompleteMultipartUpload", w => Document(w, "POST", $"/{w.Bucket}/{HostileInputWorld.UploadKey}?uploadId={w.UploadId}", Encoding.UTF8.GetBytes(
            $"<CompleteMultipartUpload><Part><PartNumber>99999999999999999999</PartNumber><ETag>{w.PartETag}</ETag></Part></CompleteMultipartUpload>")), 400, "MalformedXML"),
    ];

    /// <summary>A PutObjectTagging of a Tagging document with the given tags.</summary>
    private static BadInputCase TaggingRow(string name, string tags, string code) =>
        new($"document-{name}", w => Document(w, "PUT", $"{w.ObjectPath}?tagging", Encoding.UTF8.GetBytes($"<Tagging><TagSet>{tags}</TagSet></Tagging>")), 400, code);

    /// <summary>A DTD whose entities would expand to gigabytes ("billion laughs"); DTDs are refused before any expands.</summary>
    private static readonly byte[] EntityExpansion = Encoding.UTF8.GetBytes("""
        <?xml version="1.0"?>
        <!DOCTYPE Delete [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
          <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>
        <Delete><Object><Key>&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;</Key></Object></Delete>
        """);

    /// <summary>S3 deletes at most 1,000 keys a request and refuses a longer list whole.</summary>
    private static byte[] ManyKeys(int count) =>
        Encoding.UTF8.GetBytes($"<Delete>{string.Concat(Enumerable.Range(0, count).Select(_ => $"<Object><Key>{HostileInputWorld.Key}</Key></Object>"))}</Delete>");

    /// <summary>Opens an element that every operation's document could start with, and never closes it.</summary>
    private static readonly byte[] Malformed = Encoding.UTF8.GetBytes("<Delete><Object><Key>target.txt</Key></Object>");

    /// <summary>
    /// Well-formed so far and growing: a reader that parses as it buffers finds nothing wrong before
    /// the size limit, so only the limit can refuse it.
    /// </summary>
    private static readonly Lazy<byte[]> TenMegabytes = new(() =>
    {
        var document = new StringBuilder("<Delete>");
        while (document.Length < 10 * 1024 * 1024)
        {
            document.Append("<Object><Key>no-such-key</Key></Object>");
        }

        return Encoding.UTF8.GetBytes(document.Append("</Delete>").ToString());
    });

    /// <summary>
    /// Signed as UNSIGNED-PAYLOAD, as the SDKs do over HTTPS, so that a refusal cannot come from the
    /// payload hash; with a valid Content-MD5, which S3 requires of most of these operations.
    /// </summary>
    private static RawRequest Document(HostileInputWorld world, string method, string target, byte[] body) =>
        world.Raw.Sign(method, target, body, [("Content-MD5", Md5(body))], "UNSIGNED-PAYLOAD");
}

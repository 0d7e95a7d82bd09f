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
    ];

    private static IEnumerable<BadInputCase> Documents => DocumentOperations.SelectMany(operation => new BadInputCase[]
    {
        new($"document-malformed-{operation.Operation}", w => Document(w, operation.Method, operation.Target(w), Malformed), 400, operation.MalformedCode),
        new($"document-10-mb-{operation.Operation}", w => Document(w, operation.Method, operation.Target(w), TenMegabytes.Value), 400, "MaxMessageLengthExceeded"),
    });

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

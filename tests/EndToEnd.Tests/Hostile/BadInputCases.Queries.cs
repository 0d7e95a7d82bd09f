namespace Coffer.EndToEnd.Tests.Hostile;

/// <summary>Range garbage, numbers that overflow, upload ids that name nothing, sub-resources S3 does not know.</summary>
public static partial class BadInputCases
{
    private static IEnumerable<BadInputCase> Queries =>
    [
        // S3 ignores a Range it cannot parse, or one of several ranges, and sends the whole object; only a
        // well-formed range that starts past the end is refused.
        RangeRow("range-not-bytes", "bytes=abc", 200, null),
        RangeRow("range-last-before-first", "bytes=5-1", 200, null),
        RangeRow("range-several", "bytes=0-1,3-4", 200, null),
        RangeRow("range-other-unit", "items=0-1", 200, null),
        RangeRow("range-first-overflows", "bytes=99999999999999999999-", 200, null),
        RangeRow("range-suffix-overflows", "bytes=-99999999999999999999", 200, null),
        RangeRow("range-negative", "bytes=-5-10", 200, null),
        RangeRow("range-past-the-end", "bytes=1000-", 416, "InvalidRange"),
        RangeRow("range-empty-suffix", "bytes=-0", 416, "InvalidRange"),
        new("list-max-keys-overflow", w => w.Raw.Sign("GET", $"/{w.Bucket}?list-type=2&max-keys=99999999999999999999"), 400, "InvalidArgument"),
        new("list-max-keys-negative", w => w.Raw.Sign("GET", $"/{w.Bucket}?list-type=2&max-keys=-1"), 400, "InvalidArgument"),
        new("list-max-keys-not-a-number", w => w.Raw.Sign("GET", $"/{w.Bucket}?max-keys=ten"), 400, "InvalidArgument"),
        new("list-parts-max-parts-overflow", w => w.Raw.Sign("GET", $"/{w.Bucket}/{HostileInputWorld.UploadKey}?max-parts=99999999999&uploadId={w.UploadId}"), 400, "InvalidArgument"),
        new("list-parts-marker-overflow", w => w.Raw.Sign("GET", $"/{w.Bucket}/{HostileInputWorld.UploadKey}?part-number-marker=99999999999999999999&uploadId={w.UploadId}"), 400, "InvalidArgument"),
        new("list-uploads-max-uploads-overflow", w => w.Raw.Sign("GET", $"/{w.Bucket}?max-uploads=99999999999&uploads"), 400, "InvalidArgument"),
        new("upload-part-number-overflow", w => UploadPart(w, "99999999999999999999", w.UploadId), 400, "InvalidArgument"),
        new("upload-part-number-zero", w => UploadPart(w, "0", w.UploadId), 400, "InvalidArgument"),
        new("upload-part-number-10001", w => UploadPart(w, "10001", w.UploadId), 400, "InvalidArgument"),
        new("upload-part-upload-id-junk", w => UploadPart(w, "2", "junk%00%FF"), 404, "NoSuchUpload"),
        new("upload-part-upload-id-empty", w => UploadPart(w, "2", ""), 404, "NoSuchUpload"),
        new("complete-upload-id-junk", w => w.Raw.Sign("POST", $"/{w.Bucket}/{HostileInputWorld.UploadKey}?uploadId=junk", RawS3Client.Utf8(
            $"<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>{w.PartETag}</ETag></Part></CompleteMultipartUpload>")), 404, "NoSuchUpload"),
        new("get-part-number-overflow", w => w.Raw.Sign("GET", $"{w.ObjectPath}?partNumber=99999999999999999999"), 400, "InvalidArgument"),
        // The conformance suite, which runs against AWS, expects 400 InvalidPart, not the catalog's 416 InvalidPartNumber.
        new("get-part-number-past-the-parts", w => w.Raw.Sign("GET", $"{w.ObjectPath}?partNumber=2"), 400, "InvalidPart"),

        // A query parameter S3 does not know is ignored: the request is the operation it would be without it.
        new("subresource-unknown-on-object", w => w.Raw.Sign("GET", $"{w.ObjectPath}?foo=bar&torrentish"), 200, null, WholeObject: true),
        new("subresource-unknown-on-bucket-delete", w => w.Raw.Sign("DELETE", $"/{w.Bucket}?foo"), 409, "BucketNotEmpty"),
        new("subresource-torrent", w => w.Raw.Sign("GET", $"{w.ObjectPath}?torrent"), 501, "NotImplemented"),
        new("subresource-website-put", w => w.Raw.Sign("PUT", $"/{w.Bucket}?website", RawS3Client.Utf8("<WebsiteConfiguration/>")), 501, "NotImplemented"),
        new("lifecycle-put-without-digest", w => w.Raw.Sign("PUT", $"/{w.Bucket}?lifecycle", RawS3Client.Utf8("<LifecycleConfiguration/>")), 400, "InvalidRequest"),
        new("lifecycle-put-without-rules", w => w.Raw.Sign("PUT", $"/{w.Bucket}?lifecycle", RawS3Client.Utf8("<LifecycleConfiguration/>"), [("Content-MD5", ContentMd5("<LifecycleConfiguration/>"))]), 400, "MalformedXML"),
        new("method-unknown", w => w.Raw.Sign("BREW", w.ObjectPath), 405, "MethodNotAllowed"),
    ];

    private static string ContentMd5(string body) => Convert.ToBase64String(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(body)));

    private static BadInputCase RangeRow(string name, string range, int status, string? code) =>
        new(name, w => w.Raw.Sign("GET", w.ObjectPath, null, [("Range", range)]), status, code, WholeObject: status == 200);

    private static RawRequest UploadPart(HostileInputWorld world, string partNumber, string uploadId) =>
        world.Raw.Sign("PUT", $"/{world.Bucket}/{HostileInputWorld.UploadKey}?partNumber={partNumber}&uploadId={uploadId}", NewContent);
}

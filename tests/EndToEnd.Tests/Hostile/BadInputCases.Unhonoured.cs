namespace Coffer.EndToEnd.Tests.Hostile;

/// <summary>
/// Requests that ask for something Coffer does not do (yet): each is refused with S3's own error
/// or 501 NotImplemented, and changes nothing. Before issue 13 each of these was answered "yes":
/// three of them destroyed data (a versioned delete deleted the current object, RenameObject and
/// an append overwrote the target), the others stored plaintext, unlocked or untagged objects.
/// </summary>
public static partial class BadInputCases
{
    /// <summary>Well-formed (32 URL-safe characters, as S3's), never issued.</summary>
    private const string UnknownVersion = "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrH";

    private static IEnumerable<BadInputCase> Unhonoured =>
    [
        // Versions: the hostile world's bucket is unversioned, so only its "null" version exists.
        new("delete-version-unknown", w => w.Raw.Sign("DELETE", $"{w.ObjectPath}?versionId={UnknownVersion}"), 204, null),
        new("delete-version-malformed", w => w.Raw.Sign("DELETE", $"{w.ObjectPath}?versionId=v1"), 400, "InvalidArgument"),
        new("delete-version-empty", w => w.Raw.Sign("DELETE", $"{w.ObjectPath}?versionId="), 400, "InvalidArgument"),
        new("get-version-unknown", w => w.Raw.Sign("GET", $"{w.ObjectPath}?versionId={UnknownVersion}"), 404, "NoSuchVersion"),
        new("get-version-malformed", w => w.Raw.Sign("GET", $"{w.ObjectPath}?versionId=..%2F..%2Fetc"), 400, "InvalidArgument"),
        new("head-version-unknown", w => w.Raw.Sign("HEAD", $"{w.ObjectPath}?versionId={UnknownVersion}"), 404, null),
        new("attributes-version-unknown", w => w.Raw.Sign("GET", $"{w.ObjectPath}?attributes&versionId={UnknownVersion}", null, [("x-amz-object-attributes", "ETag")]), 404, "NoSuchVersion"),
        new("acl-version-unknown", w => w.Raw.Sign("GET", $"{w.ObjectPath}?acl&versionId={UnknownVersion}"), 404, "NoSuchVersion"),
        new("copy-source-version-unknown", w => CopyToNewKey(w, [("x-amz-copy-source", $"{w.Bucket}/{HostileInputWorld.Key}?versionId={UnknownVersion}")]), 404, "NoSuchVersion"),
        new("copy-source-version-malformed", w => CopyToNewKey(w, [("x-amz-copy-source", $"{w.Bucket}/{HostileInputWorld.Key}?versionId=v1")]), 400, "InvalidArgument"),

        // Operations of directory buckets, which Coffer's general-purpose buckets are not.
        new("rename-object", w => w.Raw.Sign("PUT", $"/{w.Bucket}/renamed.txt?renameObject", null, [("x-amz-rename-source", HostileInputWorld.Key)]), 501, "NotImplemented"),
        new("rename-object-onto-target", w => w.Raw.Sign("PUT", $"{w.ObjectPath}?renameObject", null, [("x-amz-rename-source", "other.txt")]), 501, "NotImplemented"),
        new("put-write-offset", w => PutTarget(w, [("x-amz-write-offset-bytes", Text(HostileInputWorld.Content.Length))]), 501, "NotImplemented"),
        new("put-write-offset-wrong", w => PutTarget(w, [("x-amz-write-offset-bytes", "3")]), 501, "NotImplemented"),
        new("create-session", w => w.Raw.Sign("GET", $"/{w.Bucket}?session"), 501, "NotImplemented"),
        new("list-directory-buckets", w => w.Raw.Sign("GET", "/?x-id=ListDirectoryBuckets"), 501, "NotImplemented"),

        // Encryption at rest.
        new("create-multipart-sse-kms-unknown-key", w => w.Raw.Sign("POST", $"{w.ObjectPath}?uploads", null, [("x-amz-server-side-encryption", "aws:kms"), ("x-amz-server-side-encryption-aws-kms-key-id", "alias/media")]), 400, "KMS.NotFoundException"),
        new("put-sse-s3-as-query-parameter", w => w.Raw.Sign("PUT", $"/{w.Bucket}/{HostileInputWorld.Key}?x-amz-server-side-encryption=AES256", "plaintext"u8.ToArray()), 501, "NotImplemented"),
        new("get-sse-c-key-as-query-parameter", w => w.Raw.Sign("GET", w.ObjectPath + "?x-amz-server-side-encryption-customer-algorithm=AES256"), 501, "NotImplemented"),
        new("copy-sse-fsx", w => CopyToNewKey(w, [("x-amz-copy-source", $"{w.Bucket}/{HostileInputWorld.Key}"), ("x-amz-server-side-encryption", "aws:fsx")]), 501, "NotImplemented"),
        new("copy-sse-unknown-method", w => CopyToNewKey(w, [("x-amz-copy-source", $"{w.Bucket}/{HostileInputWorld.Key}"), ("x-amz-server-side-encryption", "AES128")]), 400, "InvalidArgument"),
        new("copy-kms-key-without-kms", w => CopyToNewKey(w, [("x-amz-copy-source", $"{w.Bucket}/{HostileInputWorld.Key}"), ("x-amz-server-side-encryption-aws-kms-key-id", "alias/media")]), 400, "InvalidArgument"),
        new("copy-sse-c-with-sse-s3", w => CopyToNewKey(w, [("x-amz-copy-source", $"{w.Bucket}/{HostileInputWorld.Key}"), .. CustomerKey, ("x-amz-server-side-encryption", "AES256")]), 400, "InvalidArgument"),
        new("put-sse-kms-unknown-alias", w => PutTarget(w, [("x-amz-server-side-encryption", "aws:kms"), ("x-amz-server-side-encryption-aws-kms-key-id", "alias/media")]), 400, "KMS.NotFoundException"),
        new("put-sse-kms-unknown-key-id", w => PutTarget(w, [("x-amz-server-side-encryption", "aws:kms"), ("x-amz-server-side-encryption-aws-kms-key-id", "5b1c7c52-8a1d-4c36-9d3e-7a2f2f0d9c11")]), 400, "KMS.NotFoundException"),
        new("put-sse-kms-other-region-arn", w => PutTarget(w, [("x-amz-server-side-encryption", "aws:kms"), ("x-amz-server-side-encryption-aws-kms-key-id", "arn:aws:kms:eu-west-1:111122223333:key/5b1c7c52-8a1d-4c36-9d3e-7a2f2f0d9c11")]), 400, "KMS.NotFoundException"),
        new("put-sse-kms-context-not-base64", w => PutTarget(w, [("x-amz-server-side-encryption", "aws:kms"), ("x-amz-server-side-encryption-context", "{not base64}")]), 400, "InvalidArgument"),
        new("put-sse-kms-context-not-object", w => PutTarget(w, [("x-amz-server-side-encryption", "aws:kms"), ("x-amz-server-side-encryption-context", Convert.ToBase64String("[1,2]"u8))]), 400, "InvalidArgument"),
        new("put-sse-kms-context-number-value", w => PutTarget(w, [("x-amz-server-side-encryption", "aws:kms"), ("x-amz-server-side-encryption-context", Convert.ToBase64String("{\"a\":1}"u8))]), 400, "InvalidArgument"),
        new("put-sse-kms-bucket-key-maybe", w => PutTarget(w, [("x-amz-server-side-encryption", "aws:kms"), ("x-amz-server-side-encryption-bucket-key-enabled", "maybe")]), 400, "InvalidArgument"),
        new("put-sse-kms-context-without-kms", w => PutTarget(w, [("x-amz-server-side-encryption-context", Convert.ToBase64String("{}"u8))]), 400, "InvalidArgument"),
        new("put-sse-kms-dsse-unknown-alias", w => PutTarget(w, [("x-amz-server-side-encryption", "aws:kms:dsse"), ("x-amz-server-side-encryption-aws-kms-key-id", "alias/media")]), 400, "KMS.NotFoundException"),
        new("put-sse-kms-dsse-context-not-base64", w => PutTarget(w, [("x-amz-server-side-encryption", "aws:kms:dsse"), ("x-amz-server-side-encryption-context", "{not base64}")]), 400, "InvalidArgument"),
        new("put-sse-fsx", w => PutTarget(w, [("x-amz-server-side-encryption", "aws:fsx")]), 501, "NotImplemented"),
        new("put-sse-made-up", w => PutTarget(w, [("x-amz-server-side-encryption", "ROT13")]), 400, "InvalidArgument"),

        // Encryption headers that contradict each other: S3's own 400, checked before any encryption.
        new("put-sse-c-key-without-algorithm", w => PutTarget(w, CustomerKey[1..]), 400, "InvalidArgument"),
        new("put-sse-c-algorithm-without-key", w => PutTarget(w, CustomerKey[..1]), 400, "InvalidArgument"),
        new("put-sse-c-key-md5-mismatch", w => PutTarget(w, [.. CustomerKey[..2], ("x-amz-server-side-encryption-customer-key-MD5", Md5([1, 2, 3]))]), 400, "InvalidArgument"),
        new("put-sse-c-algorithm-aes128", w => PutTarget(w, [("x-amz-server-side-encryption-customer-algorithm", "AES128"), .. CustomerKey[1..]]), 400, "InvalidEncryptionAlgorithmError"),
        new("put-sse-c-with-sse-s3", w => PutTarget(w, [.. CustomerKey, ("x-amz-server-side-encryption", "AES256")]), 400, "InvalidArgument"),
        new("put-sse-kms-key-without-kms", w => PutTarget(w, [("x-amz-server-side-encryption-aws-kms-key-id", "alias/media")]), 400, "InvalidArgument"),
        new("put-sse-s3-with-kms-key", w => PutTarget(w, [("x-amz-server-side-encryption", "AES256"), ("x-amz-server-side-encryption-aws-kms-key-id", "alias/media")]), 400, "InvalidArgument"),
        new("put-sse-c-short-key", w => PutTarget(w, KeyHeaders(new byte[16])), 400, "InvalidArgument"),
        new("put-sse-c-key-not-base64", w => PutTarget(w, [CustomerKey[0], ("x-amz-server-side-encryption-customer-key", "not base64!"), CustomerKey[2]]), 400, "InvalidArgument"),

        // SSE-C copies: the source opens only with its own key, and only an SSE-C source takes one.
        new("copy-sse-c-source-wrong-key", w => CopyToNewKey(w, [("x-amz-copy-source", $"{w.Bucket}/{HostileInputWorld.SealedKey}"), .. CopySourceKey(KeyHeaders(OtherKey)), .. KeyHeaders(OtherKey)]), 403, "AccessDenied"),
        new("copy-sse-c-source-key-on-plain-object", w => CopyToNewKey(w, [("x-amz-copy-source", $"{w.Bucket}/{HostileInputWorld.Key}"), .. CopySourceKey(CustomerKey)]), 400, "InvalidRequest"),
        new("upload-part-copy-sse-c-on-plain-upload", w => w.Raw.Sign("PUT", $"/{w.Bucket}/{HostileInputWorld.UploadKey}?partNumber=2&uploadId={w.UploadId}", null, [("x-amz-copy-source", $"{w.Bucket}/{HostileInputWorld.Key}"), .. CustomerKey]), 400, "InvalidRequest"),
        new("upload-part-copy-sse-c-source-without-key", w => w.Raw.Sign("PUT", $"/{w.Bucket}/{HostileInputWorld.UploadKey}?partNumber=2&uploadId={w.UploadId}", null, [("x-amz-copy-source", $"{w.Bucket}/{HostileInputWorld.SealedKey}")]), 400, "InvalidRequest"),
        new("upload-part-copy-sse-c-source-md5-mismatch", w => w.Raw.Sign("PUT", $"/{w.Bucket}/{HostileInputWorld.UploadKey}?partNumber=2&uploadId={w.UploadId}", null, [("x-amz-copy-source", $"{w.Bucket}/{HostileInputWorld.SealedKey}"), .. CopySourceKey([.. CustomerKey[..2], ("x-amz-server-side-encryption-customer-key-MD5", Md5(OtherKey))])]), 400, "InvalidArgument"),

        // SSE-C reads: the key must be the object's own, and only an SSE-C object takes one.
        new("get-sse-c-without-key", w => w.Raw.Sign("GET", SealedPath(w)), 400, "InvalidRequest"),
        new("head-sse-c-without-key", w => w.Raw.Sign("HEAD", SealedPath(w)), 400, null),
        new("get-sse-c-wrong-key", w => w.Raw.Sign("GET", SealedPath(w), null, KeyHeaders(OtherKey)), 403, "AccessDenied"),
        new("head-sse-c-wrong-key", w => w.Raw.Sign("HEAD", SealedPath(w), null, KeyHeaders(OtherKey)), 403, null),
        new("get-sse-c-wrong-md5", w => w.Raw.Sign("GET", SealedPath(w), null, [.. CustomerKey[..2], ("x-amz-server-side-encryption-customer-key-MD5", Md5(OtherKey))]), 400, "InvalidArgument"),
        new("get-sse-c-short-key", w => w.Raw.Sign("GET", SealedPath(w), null, KeyHeaders(new byte[16])), 400, "InvalidArgument"),
        new("get-sse-c-aes128", w => w.Raw.Sign("GET", SealedPath(w), null, [("x-amz-server-side-encryption-customer-algorithm", "AES128"), .. CustomerKey[1..]]), 400, "InvalidEncryptionAlgorithmError"),
        new("get-sse-c-on-plain-object", w => w.Raw.Sign("GET", w.ObjectPath, null, CustomerKey), 400, "InvalidRequest"),
        new("copy-sse-c-object-without-key", w => CopyToNewKey(w, [("x-amz-copy-source", $"{w.Bucket}/{HostileInputWorld.SealedKey}")]), 400, "InvalidRequest"),
        new("upload-part-sse-c-on-plain-upload", w => w.Raw.Sign("PUT", $"/{w.Bucket}/{HostileInputWorld.UploadKey}?partNumber=2&uploadId={w.UploadId}", NewContent, CustomerKey), 400, "InvalidRequest"),
        new("attributes-sse-c-without-key", w => w.Raw.Sign("GET", $"{SealedPath(w)}?attributes", null, [("x-amz-object-attributes", "ETag")]), 400, "InvalidRequest"),
        new("attributes-sse-c-wrong-key", w => w.Raw.Sign("GET", $"{SealedPath(w)}?attributes", null, [("x-amz-object-attributes", "ETag"), .. KeyHeaders(OtherKey)]), 403, "AccessDenied"),
        new("list-parts-sse-c-on-plain-upload", w => w.Raw.Sign("GET", $"/{w.Bucket}/{HostileInputWorld.UploadKey}?uploadId={w.UploadId}", null, CustomerKey), 400, "InvalidRequest"),
        new("create-upload-sse-kms-dsse-unknown-alias", w => w.Raw.Sign("POST", $"/{w.Bucket}/new-upload.bin?uploads", null, [("x-amz-server-side-encryption", "aws:kms:dsse"), ("x-amz-server-side-encryption-aws-kms-key-id", "alias/media")]), 400, "KMS.NotFoundException"),
        new("bucket-encryption-put-fsx", w => Document(w, "PUT", $"/{w.Bucket}?encryption", RawS3Client.Utf8(
            "<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:fsx</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>")), 400, "MalformedXML"),
        new("bucket-encryption-get-none", w => w.Raw.Sign("GET", $"/{w.Bucket}?encryption"), 404, "ServerSideEncryptionConfigurationNotFoundError"),
        new("put-sse-c-blocked-bucket", w => w.Raw.Sign("PUT", $"/{w.SseCBlockedBucket}/secret.txt", NewContent, CustomerKey), 403, "AccessDenied"),
        new("create-upload-sse-c-blocked-bucket", w => w.Raw.Sign("POST", $"/{w.SseCBlockedBucket}/secret.bin?uploads", null, CustomerKey), 403, "AccessDenied"),
        new("update-object-encryption", w => w.Raw.Sign("PUT", $"{w.ObjectPath}?encryption", RawS3Client.Utf8("<ObjectEncryption/>")), 501, "NotImplemented"),

        // Object lock: the world's bucket has none, and a lock header needs Content-MD5 or a checksum besides.
        new("put-lock-compliance-without-md5", w => PutTarget(w, [("x-amz-object-lock-mode", "COMPLIANCE"), ("x-amz-object-lock-retain-until-date", "2099-01-01T00:00:00Z")]), 400, "InvalidRequest"),
        new("put-lock-compliance-bucket-without-lock", w => PutTarget(w, [
            ("x-amz-object-lock-mode", "COMPLIANCE"), ("x-amz-object-lock-retain-until-date", "2099-01-01T00:00:00Z"), ("Content-MD5", Md5(NewContent))]), 400, "InvalidRequest"),
        new("put-legal-hold-on-bucket-without-lock", w => PutTarget(w, [("x-amz-object-lock-legal-hold", "ON"), ("Content-MD5", Md5(NewContent))]), 400, "InvalidRequest"),
        new("put-lock-mode-without-date", w => PutTarget(w, [("x-amz-object-lock-mode", "GOVERNANCE"), ("Content-MD5", Md5(NewContent))]), 400, "InvalidArgument"),
        new("put-lock-date-without-mode", w => PutTarget(w, [("x-amz-object-lock-retain-until-date", "2099-01-01T00:00:00Z")]), 400, "InvalidArgument"),
        new("put-lock-lowercase-mode", w => PutTarget(w, [("x-amz-object-lock-mode", "governance"), ("x-amz-object-lock-retain-until-date", "2099-01-01T00:00:00Z")]), 400, "InvalidArgument"),
        new("put-lock-date-not-iso8601", w => PutTarget(w, [("x-amz-object-lock-mode", "GOVERNANCE"), ("x-amz-object-lock-retain-until-date", "next tuesday")]), 400, "InvalidArgument"),
        new("put-lock-date-in-the-past", w => PutTarget(w, [("x-amz-object-lock-mode", "GOVERNANCE"), ("x-amz-object-lock-retain-until-date", "2001-01-01T00:00:00Z")]), 400, "InvalidArgument"),
        new("put-legal-hold-maybe", w => PutTarget(w, [("x-amz-object-lock-legal-hold", "MAYBE")]), 400, "InvalidArgument"),
        new("create-bucket-lock-enabled-maybe", w => w.Raw.Sign("PUT", $"/{w.Bucket}-locked", null, [("x-amz-bucket-object-lock-enabled", "maybe")]), 400, "InvalidArgument"),
        new("put-object-lock-configuration-unversioned", w => Document(w, "PUT", $"/{w.Bucket}?object-lock", RawS3Client.Utf8(
            "<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled></ObjectLockConfiguration>")), 409, "InvalidBucketState"),
        new("get-object-lock-configuration-none", w => w.Raw.Sign("GET", $"/{w.Bucket}?object-lock"), 404, "ObjectLockConfigurationNotFoundError"),
        new("put-object-retention-bucket-without-lock", w => Document(w, "PUT", $"{w.ObjectPath}?retention", RawS3Client.Utf8(
            "<Retention><Mode>GOVERNANCE</Mode><RetainUntilDate>2099-01-01T00:00:00Z</RetainUntilDate></Retention>")), 400, "InvalidRequest"),
        new("get-object-retention-bucket-without-lock", w => w.Raw.Sign("GET", $"{w.ObjectPath}?retention"), 400, "InvalidRequest"),
        new("put-object-legal-hold-bucket-without-lock", w => Document(w, "PUT", $"{w.ObjectPath}?legal-hold", RawS3Client.Utf8("<LegalHold><Status>ON</Status></LegalHold>")), 400, "InvalidRequest"),

        // Tags S3 refuses: each is S3's 400 before anything is read or stored.
        new("put-tagging-duplicate-key", w => PutTarget(w, [("x-amz-tagging", "a=1&a=2")]), 400, "InvalidArgument"),
        new("put-tagging-not-utf8", w => PutTarget(w, [("x-amz-tagging", "k=%FF%FE")]), 400, "InvalidArgument"),
        new("put-tagging-eleven-tags", w => PutTarget(w, [("x-amz-tagging", string.Join('&', Enumerable.Range(0, 11).Select(i => $"k{i}=v")))]), 400, "InvalidTag"),
        new("put-tagging-aws-prefix", w => PutTarget(w, [("x-amz-tagging", "aws%3Aowner=me")]), 400, "InvalidTag"),
        new("put-tagging-key-too-long", w => PutTarget(w, [("x-amz-tagging", new string('k', 129) + "=v")]), 400, "InvalidTag"),
        new("copy-tagging-directive-unknown", w => CopyToNewKey(w, [("x-amz-copy-source", $"{w.Bucket}/{HostileInputWorld.Key}"), ("x-amz-tagging-directive", "MERGE"), ("x-amz-tagging", "k=v")]), 400, "InvalidArgument"),
        new("copy-tagging-replace-invalid", w => CopyToNewKey(w, [("x-amz-copy-source", $"{w.Bucket}/{HostileInputWorld.Key}"), ("x-amz-tagging-directive", "REPLACE"), ("x-amz-tagging", "aws%3Aowner=me")]), 400, "InvalidTag"),
        new("create-upload-tagging-invalid", w => w.Raw.Sign("POST", $"/{w.Bucket}/new-upload.bin?uploads", null, [("x-amz-tagging", "a=1&a=2")]), 400, "InvalidArgument"),

        // Storage classes of other kinds of bucket.
        new("put-express-one-zone", w => PutTarget(w, [("x-amz-storage-class", "EXPRESS_ONEZONE")]), 400, "InvalidStorageClass"),
        new("restore-days-zero", w => w.Raw.Sign("POST", $"{w.ObjectPath}?restore", RawS3Client.Utf8("<RestoreRequest><Days>0</Days></RestoreRequest>")), 400, "InvalidArgument"),
        new("restore-select", w => w.Raw.Sign("POST", $"{w.ObjectPath}?restore", RawS3Client.Utf8("<RestoreRequest><Type>SELECT</Type><Days>1</Days></RestoreRequest>")), 501, "NotImplemented"),
        new("restore-standard-object", w => w.Raw.Sign("POST", $"{w.ObjectPath}?restore", RawS3Client.Utf8("<RestoreRequest><Days>1</Days></RestoreRequest>")), 403, "InvalidObjectState"),

        // Regions: a Coffer endpoint serves one.
        new("create-bucket-foreign-location", w => w.Raw.Sign("PUT", $"/{w.Bucket}-abroad", RawS3Client.Utf8(
            "<CreateBucketConfiguration><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>")), 400, "IllegalLocationConstraintException"),
        new("create-bucket-with-tags", w => w.Raw.Sign("PUT", $"/{w.Bucket}-tagged", RawS3Client.Utf8(
            "<CreateBucketConfiguration><Tags><Tag><Key>k</Key><Value>v</Value></Tag></Tags></CreateBucketConfiguration>")), 501, "NotImplemented"),

        // Other members of the model that Coffer does not act on.
        new("put-website-redirect", w => PutTarget(w, [("x-amz-website-redirect-location", "/elsewhere.html")]), 501, "NotImplemented"),
        new("put-checksum-sha512", w => PutTarget(w, [("x-amz-checksum-sha512", Convert.ToBase64String(new byte[64]))]), 501, "NotImplemented"),
        new("copy-checksum-algorithm-unknown", w => CopyToNewKey(w, [("x-amz-copy-source", $"{w.Bucket}/{HostileInputWorld.Key}"), ("x-amz-checksum-algorithm", "MD7")]), 400, "InvalidRequest"),
        new("delete-if-match-size", w => w.Raw.Sign("DELETE", w.ObjectPath, null, [("x-amz-if-match-size", "1")]), 501, "NotImplemented"),
        new("delete-bucket-versioning-subresource", w => w.Raw.Sign("DELETE", $"/{w.Bucket}?versioning"), 405, "MethodNotAllowed"),
        new("put-object-uploads-subresource", w => w.Raw.Sign("PUT", $"{w.ObjectPath}?uploads", NewContent), 405, "MethodNotAllowed"),
        new("put-object-annotation", w => w.Raw.Sign("PUT", $"{w.ObjectPath}?annotation&annotationName=a", NewContent), 501, "NotImplemented"),
        new("delete-object-annotation", w => w.Raw.Sign("DELETE", $"{w.ObjectPath}?annotation&annotationName=a"), 501, "NotImplemented"),
        new("expected-bucket-owner-other", w => PutTarget(w, [("x-amz-expected-bucket-owner", "111122223333")]), 403, "AccessDenied"),
    ];

    /// <summary>The right key of the world's SSE-C object.</summary>
    private static readonly (string Name, string Value)[] CustomerKey = KeyHeaders(HostileInputWorld.CustomerKeyBytes);

    private static readonly byte[] OtherKey = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    private static (string Name, string Value)[] KeyHeaders(byte[] key) =>
    [
        ("x-amz-server-side-encryption-customer-algorithm", "AES256"),
        ("x-amz-server-side-encryption-customer-key", Convert.ToBase64String(key)),
        ("x-amz-server-side-encryption-customer-key-MD5", Md5(key)),
    ];

    private static (string Name, string Value)[] CopySourceKey((string Name, string Value)[] headers) =>
        [.. headers.Select(h => ("x-amz-copy-source-" + h.Name[6..], h.Value))];

    private static string SealedPath(HostileInputWorld world) => $"/{world.Bucket}/{HostileInputWorld.SealedKey}";

    private static RawRequest CopyToNewKey(HostileInputWorld world, IReadOnlyList<(string Name, string Value)> headers) =>
        world.Raw.Sign("PUT", $"/{world.Bucket}/copy.txt", null, headers);
}

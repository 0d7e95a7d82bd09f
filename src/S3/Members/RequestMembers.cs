using Coffer.S3.Errors;
using Coffer.S3.Routing;
using Coffer.S3.Tagging;

using static Coffer.S3.Members.MemberLocation;
using static Coffer.S3.Members.MemberTreatment;

namespace Coffer.S3.Members;

/// <summary>
/// Every header and query member that AWS's S3 model gives each operation Coffer implements, with
/// what Coffer does with it. <see cref="UnhonouredMembers"/> refuses from this table, and a test
/// walks the model (from the pinned AWS SDK for JavaScript) to check that no member is missing, so
/// a member a newer SDK adds is refused or classified before it can be silently ignored.
/// </summary>
public static class RequestMembers
{
    public static IReadOnlyList<MemberRule> For(S3OperationKind kind) => Table.TryGetValue(kind, out var rules) ? rules : [];

    /// <summary>The operations the table covers: every one Coffer implements that AWS's model names.</summary>
    public static IReadOnlyCollection<S3OperationKind> Operations => Table.Keys;

    /// <summary>True when the operation has server-side encryption members (of its own object or of a copy source).</summary>
    public static bool TakesEncryptionHeaders(S3OperationKind kind) => EncryptionOperations.Contains(kind);

    // :: The members many operations share.

    private static readonly MemberRule ExpectedBucketOwner =
        Honour("x-amz-expected-bucket-owner", "ExpectedBucketOwner: an account id other than this deployment's is 403 AccessDenied, as S3 answers for a bucket another account owns");

    private static readonly MemberRule RequestPayer =
        Inform("x-amz-request-payer", "Requester Pays is never enabled on a Coffer bucket, and S3 ignores the header on buckets without it");

    private static readonly MemberRule[] Common = [ExpectedBucketOwner];

    private static readonly MemberRule[] ContentMd5 = [Honour("Content-MD5", "checked against the body; BadDigest on a mismatch")];

    private static readonly MemberRule DocumentChecksum =
        Honour("x-amz-sdk-checksum-algorithm", "names the x-amz-checksum-* header sent with the document, which is checked against it; BadDigest on a mismatch");

    /// <summary>The members of a request whose body is a small XML (or JSON) document.</summary>
    private static readonly MemberRule[] DocumentIntegrity = [.. ContentMd5, DocumentChecksum];

    private static readonly MemberRule[] CustomerKey =
    [
        Refuse("x-amz-server-side-encryption-customer-algorithm", "server-side encryption with customer-provided keys (SSE-C)"),
        Refuse("x-amz-server-side-encryption-customer-key", "server-side encryption with customer-provided keys (SSE-C)"),
        Refuse("x-amz-server-side-encryption-customer-key-MD5", "server-side encryption with customer-provided keys (SSE-C)"),
    ];

    /// <summary>
    /// SSE-C where it is built: PutObject, POST Object, GetObject, HeadObject, CopyObject (under the source's own key
    /// only), GetObjectAttributes, and every multipart step.
    /// </summary>
    private static readonly MemberRule[] HonouredCustomerKey =
    [
        Honour("x-amz-server-side-encryption-customer-algorithm", "SSE-C: AES256 (anything else is InvalidEncryptionAlgorithmError); the object is sealed under the key and opens only with it"),
        Honour("x-amz-server-side-encryption-customer-key", "SSE-C: the key (32 bytes, base64); never stored, only a salted HMAC check of it; plain HTTP only from loopback unless --allow-sse-c-over-http"),
        Honour("x-amz-server-side-encryption-customer-key-MD5", "SSE-C: checked against the key (InvalidArgument on a mismatch) and echoed"),
    ];

    private static readonly MemberRule[] CopySourceCustomerKey =
    [
        Honour("x-amz-copy-source-server-side-encryption-customer-algorithm", "SSE-C of the source: AES256; an SSE-C source is read only with its key"),
        Honour("x-amz-copy-source-server-side-encryption-customer-key", "SSE-C of the source: its key, checked against the source's (AccessDenied otherwise); never stored"),
        Honour("x-amz-copy-source-server-side-encryption-customer-key-MD5", "SSE-C of the source: checked against the key (InvalidArgument on a mismatch)"),
    ];

    /// <summary>S3's encryption methods; anything else is its 400 InvalidArgument, whether or not encryption is built.</summary>
    private static readonly HashSet<string> EncryptionMethods = new(StringComparer.Ordinal) { "AES256", "aws:kms", "aws:kms:dsse", "aws:fsx" };

    private static readonly MemberRule[] Encryption =
    [
        Refuse("x-amz-server-side-encryption", "server-side encryption (SSE-S3, SSE-KMS)") with
        {
            Invalid = value => EncryptionMethods.Contains(value.Trim())
                ? null
                : new S3Exception(S3Error.InvalidArgument, "The encryption method specified is not supported", [new("ArgumentName", "x-amz-server-side-encryption"), new("ArgumentValue", value)]),
        },
        Refuse("x-amz-server-side-encryption-aws-kms-key-id", "server-side encryption with KMS keys (SSE-KMS)"),
        Refuse("x-amz-server-side-encryption-context", "server-side encryption with KMS keys (SSE-KMS)"),
        Refuse("x-amz-server-side-encryption-bucket-key-enabled", "S3 Bucket Keys for SSE-KMS"),
    ];

    /// <summary>
    /// The encryption a new object's write may ask for (PutObject, CreateMultipartUpload): AES256 (SSE-S3), aws:kms
    /// (SSE-KMS, with its key, context and bucket-key flag) and aws:kms:dsse (DSSE-KMS, two layers) are honoured; aws:fsx
    /// is still refused.
    /// </summary>
    private static readonly MemberRule[] WriteEncryption =
    [
        Encryption[0] with
        {
            Reason = "FSx encryption (AES256, aws:kms and aws:kms:dsse are honoured)",
            RefusedWhen = value => value.Trim() is not ("AES256" or "aws:kms" or "aws:kms:dsse"),
            RefusedValues = "aws:fsx",
        },
        Honour("x-amz-server-side-encryption-aws-kms-key-id", "the KMS key (id, ARN, alias or alias ARN) that wraps the object's data keys (both layers' for DSSE-KMS); answered as the key's ARN"),
        Honour("x-amz-server-side-encryption-context", "the encryption context, bound into the wrap of every data key of the object"),
        Honour("x-amz-server-side-encryption-bucket-key-enabled", "SSE-KMS: kept and echoed, every blob still has its own data key; DSSE-KMS uses no bucket keys (as S3), so it is not kept"),
    ];

    private static readonly MemberRule[] ObjectLock =
    [
        Honour("x-amz-object-lock-mode", "the version's retention mode, with the retain-until date; needs a bucket with object lock (InvalidRequest otherwise)"),
        Honour("x-amz-object-lock-retain-until-date", "the instant the version's retention ends, with the mode; must be in the future"),
        Honour("x-amz-object-lock-legal-hold", "ON puts the version under a legal hold; needs a bucket with object lock"),
        Refuse("x-amz-object-lock-event-hold", "object lock (event hold)"),
        Refuse("x-amz-object-lock-event-hold-duration-days", "object lock (event hold)"),
        Refuse("x-amz-object-lock-event-hold-duration-years", "object lock (event hold)"),
    ];

    /// <summary>The new object's tags; a value S3 refuses (not query parameters, a key twice, a tag rule broken) is S3's 400 before anything is read.</summary>
    private static readonly MemberRule Tagging =
        Honour(TaggingHeader.Name, "the tags of the object written, stored and counted in x-amz-tagging-count") with { Invalid = TaggingHeader.Problem };

    private static readonly MemberRule[] ObjectChecksums =
    [
        Honour("x-amz-sdk-checksum-algorithm", "the checksum to compute and store when no value is sent"),
        Honour("x-amz-checksum-crc32", "checked against the body and stored"),
        Honour("x-amz-checksum-crc32c", "checked against the body and stored"),
        Honour("x-amz-checksum-crc64nvme", "checked against the body and stored"),
        Honour("x-amz-checksum-sha1", "checked against the body and stored"),
        Honour("x-amz-checksum-sha256", "checked against the body and stored"),
        Refuse("x-amz-checksum-sha512", "SHA-512 checksums"),
        Refuse("x-amz-checksum-md5", "MD5 full-object checksums"),
        Refuse("x-amz-checksum-xxhash64", "XXHASH64 checksums"),
        Refuse("x-amz-checksum-xxhash3", "XXHASH3 checksums"),
        Refuse("x-amz-checksum-xxhash128", "XXHASH128 checksums"),
    ];

    private static readonly MemberRule[] ContentHeaders =
    [
        Honour("Cache-Control", "stored and returned"),
        Honour("Content-Disposition", "stored and returned"),
        Honour("Content-Encoding", "stored and returned (aws-chunked removed, as S3 does)"),
        Honour("Content-Language", "stored and returned"),
        Honour("Content-Type", "stored and returned"),
        Honour("Expires", "stored and returned"),
        new(HeaderPrefix, "x-amz-meta-", Honoured, "user metadata, stored and returned"),
    ];

    private static readonly MemberRule[] ObjectAcl =
    [
        Honour("x-amz-acl", "the canned ACL of what is written"),
        Honour("x-amz-grant-full-control", "a grant of the ACL"),
        Honour("x-amz-grant-read", "a grant of the ACL"),
        Honour("x-amz-grant-read-acp", "a grant of the ACL"),
        Honour("x-amz-grant-write-acp", "a grant of the ACL"),
    ];

    private static readonly MemberRule[] BucketAcl = [.. ObjectAcl, Honour("x-amz-grant-write", "a grant of the ACL")];

    private static readonly MemberRule StorageClass =
        Honour("x-amz-storage-class", "stored and returned; the object is written where its class lives (the main store or the class's --tier), objects of the archive classes (GLACIER, DEEP_ARCHIVE) are read only after a RestoreObject, and classes of other kinds of bucket are InvalidStorageClass");

    private static readonly MemberRule WebsiteRedirect = Refuse("x-amz-website-redirect-location", "website redirects");

    /// <summary>What a new object takes from the request that creates it: PutObject, CopyObject (REPLACE), CreateMultipartUpload.</summary>
    private static readonly MemberRule[] NewObject =
    [
        .. ContentHeaders, .. ObjectAcl, .. Encryption, .. CustomerKey, .. ObjectLock, Tagging, StorageClass, WebsiteRedirect, RequestPayer, ExpectedBucketOwner,
    ];

    private static readonly MemberRule[] WriteConditions =
    [
        Honour("If-Match", "a conditional write, judged in the commit"),
        Honour("If-None-Match", "a conditional write (* or an ETag), judged in the commit"),
    ];

    private static readonly MemberRule[] ReadConditions =
    [
        Honour("If-Match", "412 unless the ETag matches"),
        Honour("If-None-Match", "304 when the ETag matches"),
        Honour("If-Modified-Since", "304 unless modified since"),
        Honour("If-Unmodified-Since", "412 when modified since"),
    ];

    private static readonly MemberRule[] CopySourceConditions =
    [
        Honour("x-amz-copy-source", "the source bucket, key and ?versionId="),
        Honour("x-amz-copy-source-if-match", "412 unless the source's ETag matches"),
        Honour("x-amz-copy-source-if-none-match", "412 when the source's ETag matches"),
        Honour("x-amz-copy-source-if-modified-since", "412 unless the source was modified since"),
        Honour("x-amz-copy-source-if-unmodified-since", "412 when the source was modified since"),
        Honour("x-amz-source-expected-bucket-owner", "an account id other than this deployment's is 403 AccessDenied"),
        .. CopySourceCustomerKey,
    ];

    private static readonly MemberRule VersionIdQuery = HonourQuery("versionId", "the version read, written or deleted; parsed once by the router; unknown ids are NoSuchVersion, malformed ones InvalidArgument");

    private static readonly MemberRule[] ObjectRead =
    [
        .. ReadConditions,
        Honour("Range", "one byte range; 206 with Content-Range"),
        HonourQuery("response-cache-control", "overrides the response header"),
        HonourQuery("response-content-disposition", "overrides the response header"),
        HonourQuery("response-content-encoding", "overrides the response header"),
        HonourQuery("response-content-language", "overrides the response header"),
        HonourQuery("response-content-type", "overrides the response header"),
        HonourQuery("response-expires", "overrides the response header"),
        VersionIdQuery,
        HonourQuery("partNumber", "reads one part of a multipart object"),
        Honour("x-amz-checksum-mode", "ENABLED returns the stored checksum"),
        .. HonouredCustomerKey, RequestPayer, ExpectedBucketOwner,
    ];

    private static readonly MemberRule[] Listing =
    [
        HonourQuery("delimiter", "groups keys into CommonPrefixes"),
        HonourQuery("encoding-type", "url-encodes keys in the answer"),
        HonourQuery("max-keys", "the page size (at most 1000)"),
        HonourQuery("prefix", "lists only keys with the prefix"),
        Honour("x-amz-optional-object-attributes", "RestoreStatus lists each archived object's restore (in progress, expiry)"),
        RequestPayer, ExpectedBucketOwner,
    ];

    private static readonly MemberRule[] MultipartTarget =
    [
        HonourQuery("uploadId", "the upload"),
        RequestPayer, ExpectedBucketOwner,
    ];

    private static readonly MemberRule MultiFactorDelete =
        Inform("x-amz-mfa", "MFA delete is never enabled on a Coffer bucket (PutBucketVersioning refuses MfaDelete Enabled), and S3 requires the header only where it is");

    private static readonly MemberRule IntelligentTieringId = HonourQuery("id", "the configuration, by its Id");

    private static readonly MemberRule BypassGovernance =
        Honour("x-amz-bypass-governance-retention", "true lets GOVERNANCE retention give way for a caller allowed s3:BypassGovernanceRetention; ignored for anyone else, as S3 ignores it");

    // :: The table.

    private static readonly Dictionary<S3OperationKind, IReadOnlyList<MemberRule>> Table = new()
    {
        [S3OperationKind.ListBuckets] =
        [
            HonourQuery("max-buckets", "the page size"),
            HonourQuery("continuation-token", "the page after the one that gave it"),
            HonourQuery("prefix", "lists only buckets with the prefix"),
            HonourQuery("bucket-region", "lists only buckets of the region"),
        ],
        [S3OperationKind.CreateBucket] =
        [
            .. BucketAcl,
            Honour("x-amz-object-ownership", "the bucket's ownership controls"),
            Honour("x-amz-bucket-object-lock-enabled", "true creates the bucket with object lock, and versioning enabled for good"),

            // The global namespace is the one every Coffer bucket name lives in.
            Refuse("x-amz-bucket-namespace", "account-regional bucket namespaces") with
            {
                RefusedWhen = value => !value.Trim().Equals("global", StringComparison.Ordinal), RefusedValues = "every value but global",
            },
        ],
        [S3OperationKind.HeadBucket] = Common,
        [S3OperationKind.DeleteBucket] = Common,
        [S3OperationKind.GetBucketLocation] = Common,
        [S3OperationKind.GetBucketVersioning] = Common,
        [S3OperationKind.PutBucketVersioning] =
        [
            .. DocumentIntegrity, .. Common,
            Refuse("x-amz-mfa", "MFA delete, which needs an MFA device Coffer has no way to check"),
        ],
        [S3OperationKind.PutObjectLockConfiguration] =
        [
            .. DocumentIntegrity, RequestPayer, ExpectedBucketOwner,
            Inform("x-amz-bucket-object-lock-token", "S3 asks for it only to turn lock on for a bucket through AWS Support; Coffer turns lock on for any bucket with versioning enabled, and needs no token"),
        ],
        [S3OperationKind.GetObjectLockConfiguration] = Common,
        [S3OperationKind.PutBucketCors] = [.. DocumentIntegrity, .. Common],
        [S3OperationKind.GetBucketCors] = Common,
        [S3OperationKind.DeleteBucketCors] = Common,
        [S3OperationKind.PutBucketPolicy] =
        [
            .. DocumentIntegrity, .. Common,
            Inform("x-amz-confirm-remove-self-bucket-access", "the root key may always change a bucket policy, so no policy can lock the owner out; there is nothing for the confirmation to guard"),
        ],
        [S3OperationKind.GetBucketPolicy] = Common,
        [S3OperationKind.DeleteBucketPolicy] = Common,
        [S3OperationKind.GetBucketPolicyStatus] = Common,
        [S3OperationKind.PutPublicAccessBlock] = [.. DocumentIntegrity, .. Common],
        [S3OperationKind.GetPublicAccessBlock] = Common,
        [S3OperationKind.DeletePublicAccessBlock] = Common,
        [S3OperationKind.GetBucketAcl] = Common,
        [S3OperationKind.PutBucketAcl] = [.. BucketAcl, .. DocumentIntegrity, .. Common],
        [S3OperationKind.GetBucketOwnershipControls] = Common,
        [S3OperationKind.PutBucketOwnershipControls] = [.. DocumentIntegrity, .. Common],
        [S3OperationKind.DeleteBucketOwnershipControls] = Common,
        [S3OperationKind.PutBucketTagging] = [.. DocumentIntegrity, .. Common],
        [S3OperationKind.GetBucketTagging] = Common,
        [S3OperationKind.DeleteBucketTagging] = Common,
        [S3OperationKind.PutBucketEncryption] = [.. DocumentIntegrity, .. Common],
        [S3OperationKind.GetBucketEncryption] = Common,
        [S3OperationKind.DeleteBucketEncryption] = Common,
        [S3OperationKind.PutBucketLifecycleConfiguration] =
        [
            DocumentChecksum, .. Common,
            Honour("x-amz-transition-default-minimum-object-size", "all_storage_classes_128K or varies_by_storage_class, stored with the configuration, answered by Put and Get, and followed by the lifecycle worker's transitions; another value is InvalidArgument"),
        ],
        [S3OperationKind.GetBucketLifecycleConfiguration] = Common,
        [S3OperationKind.DeleteBucketLifecycle] = Common,
        [S3OperationKind.PutBucketIntelligentTieringConfiguration] = [IntelligentTieringId, .. Common],
        [S3OperationKind.GetBucketIntelligentTieringConfiguration] = [IntelligentTieringId, .. Common],
        [S3OperationKind.DeleteBucketIntelligentTieringConfiguration] = [IntelligentTieringId, .. Common],
        [S3OperationKind.ListBucketIntelligentTieringConfigurations] =
        [
            HonourQuery("continuation-token", "the page after the one that gave it"), .. Common,
        ],
        [S3OperationKind.ListObjects] = [.. Listing, HonourQuery("marker", "the key to list after")],
        [S3OperationKind.ListObjectsV2] =
        [
            .. Listing,
            HonourQuery("continuation-token", "the page after the one that gave it"),
            HonourQuery("fetch-owner", "adds each object's owner"),
            HonourQuery("start-after", "the key to list after"),
        ],
        [S3OperationKind.ListObjectVersions] =
        [
            .. Listing,
            HonourQuery("key-marker", "the key to list after"),
            HonourQuery("version-id-marker", "the version to list after, within key-marker"),
        ],
        [S3OperationKind.DeleteObjects] = [MultiFactorDelete, BypassGovernance, DocumentChecksum, RequestPayer, ExpectedBucketOwner],
        [S3OperationKind.PutObject] =
        [
            .. NewObject.Where(rule => !Encryption.Contains(rule) && !CustomerKey.Contains(rule)), .. WriteEncryption, .. HonouredCustomerKey, .. ObjectChecksums, .. WriteConditions, .. ContentMd5,
            Honour("Content-Length", "the body's length; a body of another length is IncompleteBody"),
            Refuse("x-amz-write-offset-bytes", "appends (x-amz-write-offset-bytes), which S3 offers only in directory buckets"),
        ],
        [S3OperationKind.CopyObject] =
        [
            .. NewObject.Where(rule => !Encryption.Contains(rule) && !CustomerKey.Contains(rule)), .. CopySourceConditions, .. WriteConditions,
            .. WriteEncryption,
            .. HonouredCustomerKey.Select(rule => rule with { Reason = "SSE-C of the copy: under the source's own key the copy shares its sealed bytes; under another, the source is read and sealed again" }),
            Honour("x-amz-metadata-directive", "COPY keeps the source's content headers and metadata, REPLACE takes the request's"),

            // Coffer stores no annotations, so copying the source's copies none and replacing them sets none.
            Honour("x-amz-tagging-directive", "COPY (the default) copies the source's tags, REPLACE sets x-amz-tagging's (none without it); another value is InvalidArgument"),
            Inform("x-amz-object-annotation-directive", "no object has annotations (PutObjectAnnotation is not implemented), so copying or replacing them gives none, exactly"),

            // A copy that shares the source's blobs keeps the checksum stored with them; another algorithm reads them again.
            Honour("x-amz-checksum-algorithm", "the copy's checksum algorithm: the source's own keeps its checksum; another reads the source and checksums it anew"),
        ],
        [S3OperationKind.GetObject] = ObjectRead,
        [S3OperationKind.HeadObject] = ObjectRead,
        [S3OperationKind.GetObjectAttributes] =
        [
            Honour("x-amz-object-attributes", "the attributes returned"),
            VersionIdQuery,
            Honour("x-amz-max-parts", "the page size of ObjectParts"),
            Honour("x-amz-part-number-marker", "the part to list after"),
            .. HonouredCustomerKey, RequestPayer, ExpectedBucketOwner,
        ],
        [S3OperationKind.GetObjectAcl] = [VersionIdQuery, RequestPayer, ExpectedBucketOwner],
        [S3OperationKind.PutObjectAcl] = [.. BucketAcl, .. DocumentIntegrity, VersionIdQuery, RequestPayer, ExpectedBucketOwner],
        [S3OperationKind.GetObjectTagging] = [VersionIdQuery, RequestPayer, ExpectedBucketOwner],
        [S3OperationKind.PutObjectTagging] = [.. DocumentIntegrity, VersionIdQuery, RequestPayer, ExpectedBucketOwner],
        [S3OperationKind.DeleteObjectTagging] = [VersionIdQuery, ExpectedBucketOwner],
        [S3OperationKind.DeleteObject] =
        [
            MultiFactorDelete, VersionIdQuery, BypassGovernance, RequestPayer, ExpectedBucketOwner,
            Honour("If-Match", "deletes only when the ETag matches"),
            Refuse("x-amz-if-match-last-modified-time", "conditional deletes by modification time, which S3 offers only in directory buckets"),
            Refuse("x-amz-if-match-size", "conditional deletes by size, which S3 offers only in directory buckets"),
        ],
        [S3OperationKind.PutObjectRetention] = [.. DocumentIntegrity, VersionIdQuery, BypassGovernance, RequestPayer, ExpectedBucketOwner],
        [S3OperationKind.GetObjectRetention] = [VersionIdQuery, RequestPayer, ExpectedBucketOwner],
        [S3OperationKind.PutObjectLegalHold] = [.. DocumentIntegrity, VersionIdQuery, RequestPayer, ExpectedBucketOwner],
        [S3OperationKind.GetObjectLegalHold] = [VersionIdQuery, RequestPayer, ExpectedBucketOwner],
        [S3OperationKind.RestoreObject] = [DocumentChecksum, VersionIdQuery, RequestPayer, ExpectedBucketOwner],
        [S3OperationKind.CreateMultipartUpload] =
        [
            .. NewObject.Where(rule => !Encryption.Contains(rule) && !CustomerKey.Contains(rule)), .. WriteEncryption, .. HonouredCustomerKey,
            Honour("x-amz-checksum-algorithm", "the algorithm of every part's checksum and of the object's"),
            Honour("x-amz-checksum-type", "COMPOSITE or FULL_OBJECT"),
        ],
        [S3OperationKind.UploadPart] =
        [
            HonourQuery("partNumber", "the part"),
            .. MultipartTarget, .. ObjectChecksums, .. ContentMd5, .. HonouredCustomerKey,
            Honour("Content-Length", "the body's length; a body of another length is IncompleteBody"),
        ],
        [S3OperationKind.UploadPartCopy] =
        [
            HonourQuery("partNumber", "the part"),
            .. MultipartTarget, .. CopySourceConditions, .. HonouredCustomerKey,
            Honour("x-amz-copy-source-range", "the bytes of the source to copy"),
        ],
        [S3OperationKind.CompleteMultipartUpload] =
        [
            .. MultipartTarget, .. WriteConditions, .. HonouredCustomerKey,
            Honour("x-amz-checksum-crc32", "checked against the full-object or composite checksum of the parts"),
            Honour("x-amz-checksum-crc32c", "checked against the full-object or composite checksum of the parts"),
            Honour("x-amz-checksum-crc64nvme", "checked against the full-object or composite checksum of the parts"),
            Honour("x-amz-checksum-sha1", "checked against the composite checksum of the parts"),
            Honour("x-amz-checksum-sha256", "checked against the composite checksum of the parts"),
            Refuse("x-amz-checksum-sha512", "SHA-512 checksums"),
            Refuse("x-amz-checksum-md5", "MD5 full-object checksums"),
            Refuse("x-amz-checksum-xxhash64", "XXHASH64 checksums"),
            Refuse("x-amz-checksum-xxhash3", "XXHASH3 checksums"),
            Refuse("x-amz-checksum-xxhash128", "XXHASH128 checksums"),
            Honour("x-amz-checksum-type", "must match the upload's"),
            Honour("x-amz-mp-object-size", "must match the size of the parts"),
        ],
        [S3OperationKind.AbortMultipartUpload] =
        [
            .. MultipartTarget,
            Refuse("x-amz-if-match-initiated-time", "conditional aborts, which S3 offers only in directory buckets"),
        ],
        [S3OperationKind.ListParts] =
        [
            .. MultipartTarget,
            Honour("x-amz-server-side-encryption-customer-algorithm", "SSE-C: AES256; checked with the key"),
            Honour("x-amz-server-side-encryption-customer-key", "SSE-C: must be the upload's key (AccessDenied otherwise), and is needed for an SSE-C upload made with a checksum algorithm; a key for any other upload is InvalidRequest"),
            Honour("x-amz-server-side-encryption-customer-key-MD5", "SSE-C: checked against the key (InvalidArgument on a mismatch) and echoed"),
            HonourQuery("max-parts", "the page size"),
            HonourQuery("part-number-marker", "the part to list after"),
        ],
        [S3OperationKind.ListMultipartUploads] =
        [
            HonourQuery("delimiter", "groups keys into CommonPrefixes"),
            HonourQuery("encoding-type", "url-encodes keys in the answer"),
            HonourQuery("key-marker", "the key to list after"),
            HonourQuery("max-uploads", "the page size"),
            HonourQuery("prefix", "lists only keys with the prefix"),
            HonourQuery("upload-id-marker", "the upload to list after, within key-marker"),
            RequestPayer, ExpectedBucketOwner,
        ],
    };

    private static readonly HashSet<S3OperationKind> EncryptionOperations =
    [
        .. Table.Where(entry => entry.Value.Any(rule => rule.WireName.Contains("server-side-encryption", StringComparison.Ordinal))).Select(entry => entry.Key),
    ];

    private static MemberRule Honour(string header, string how) => new(Header, header, Honoured, how);

    private static MemberRule HonourQuery(string name, string how) => new(Query, name, Honoured, how);

    private static MemberRule Refuse(string header, string feature) => new(Header, header, Refused, feature);

    private static MemberRule Inform(string header, string why) => new(Header, header, Informational, why);
}

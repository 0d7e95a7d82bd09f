namespace Coffer.S3.Routing;

/// <summary>
/// The S3 operations Coffer does not implement, as the sub-resource that selects each. The router
/// names them (so the answer is "501: GetObjectTagging is not implemented", never another
/// operation's answer in its place); a test walks AWS's model to keep this list whole.
/// </summary>
internal static class UnbuiltOperations
{
    /// <param name="Method">The HTTP method.</param>
    /// <param name="Subresource">The query parameter that selects the operation.</param>
    /// <param name="Required">Another parameter the row needs: ?analytics&amp;id=x is one configuration, ?analytics all of them.</param>
    private sealed record Row(string Method, string Subresource, string? Required, string Name);

    private static readonly Row[] OnBucket =
    [
        new("GET", "website", null, "GetBucketWebsite"),
        new("PUT", "website", null, "PutBucketWebsite"),
        new("DELETE", "website", null, "DeleteBucketWebsite"),
        new("GET", "notification", null, "GetBucketNotificationConfiguration"),
        new("PUT", "notification", null, "PutBucketNotificationConfiguration"),
        new("GET", "replication", null, "GetBucketReplication"),
        new("PUT", "replication", null, "PutBucketReplication"),
        new("DELETE", "replication", null, "DeleteBucketReplication"),
        new("GET", "logging", null, "GetBucketLogging"),
        new("PUT", "logging", null, "PutBucketLogging"),
        new("GET", "requestPayment", null, "GetBucketRequestPayment"),
        new("PUT", "requestPayment", null, "PutBucketRequestPayment"),
        new("GET", "accelerate", null, "GetBucketAccelerateConfiguration"),
        new("PUT", "accelerate", null, "PutBucketAccelerateConfiguration"),
        new("GET", "abac", null, "GetBucketAbac"),
        new("PUT", "abac", null, "PutBucketAbac"),
        new("GET", "session", null, "CreateSession"),
        new("GET", "analytics", "id", "GetBucketAnalyticsConfiguration"),
        new("GET", "analytics", null, "ListBucketAnalyticsConfigurations"),
        new("PUT", "analytics", null, "PutBucketAnalyticsConfiguration"),
        new("DELETE", "analytics", null, "DeleteBucketAnalyticsConfiguration"),
        new("GET", "inventory", "id", "GetBucketInventoryConfiguration"),
        new("GET", "inventory", null, "ListBucketInventoryConfigurations"),
        new("PUT", "inventory", null, "PutBucketInventoryConfiguration"),
        new("DELETE", "inventory", null, "DeleteBucketInventoryConfiguration"),
        new("GET", "metrics", "id", "GetBucketMetricsConfiguration"),
        new("GET", "metrics", null, "ListBucketMetricsConfigurations"),
        new("PUT", "metrics", null, "PutBucketMetricsConfiguration"),
        new("DELETE", "metrics", null, "DeleteBucketMetricsConfiguration"),
        new("POST", "metadataConfiguration", null, "CreateBucketMetadataConfiguration"),
        new("GET", "metadataConfiguration", null, "GetBucketMetadataConfiguration"),
        new("DELETE", "metadataConfiguration", null, "DeleteBucketMetadataConfiguration"),
        new("POST", "metadataTable", null, "CreateBucketMetadataTableConfiguration"),
        new("GET", "metadataTable", null, "GetBucketMetadataTableConfiguration"),
        new("DELETE", "metadataTable", null, "DeleteBucketMetadataTableConfiguration"),
        new("PUT", "metadataAnnotationTable", null, "UpdateBucketMetadataAnnotationTableConfiguration"),
        new("PUT", "metadataInventoryTable", null, "UpdateBucketMetadataInventoryTableConfiguration"),
        new("PUT", "metadataJournalTable", null, "UpdateBucketMetadataJournalTableConfiguration"),

        // Sub-resources S3 has on buckets but not for this method, and ones Coffer has for other
        // methods: named as S3 would name the request, so that it is refused, not served as
        // another operation (a DELETE ?acl is not a DeleteBucket).
        new("DELETE", "acl", null, "DeleteBucketAcl"),
        new("DELETE", "policyStatus", null, "DeleteBucketPolicyStatus"),
    ];

    private static readonly Row[] OnObject =
    [
        new("GET", "torrent", null, "GetObjectTorrent"),
        new("GET", "annotation", "annotationName", "GetObjectAnnotation"),
        new("GET", "annotation", null, "ListObjectAnnotations"),
        new("PUT", "annotation", null, "PutObjectAnnotation"),
        new("DELETE", "annotation", null, "DeleteObjectAnnotation"),
        new("PUT", "encryption", null, "UpdateObjectEncryption"),

        // RenameObject exists only for directory buckets (S3 Express One Zone); Coffer's are general-purpose.
        new("PUT", "renameObject", null, "RenameObject"),
        new("POST", "select", null, "SelectObjectContent"),
        new("PUT", "attributes", null, "PutObjectAttributes"),
        new("DELETE", "acl", null, "DeleteObjectAcl"),
        new("DELETE", "attributes", null, "DeleteObjectAttributes"),
    ];

    /// <summary>Sub-resources Coffer implements for some methods.</summary>
    private static readonly string[] Built =
    [
        "acl", "cors", "policy", "policyStatus", "publicAccessBlock", "ownershipControls", "location", "versioning", "versions",
        "uploads", "uploadId", "delete", "attributes", "object-lock", "retention", "legal-hold", "tagging", "encryption", "restore",
        "lifecycle", "intelligent-tiering",
    ];

    private static readonly HashSet<string> Subresources = [.. Built, .. OnBucket.Select(r => r.Subresource), .. OnObject.Select(r => r.Subresource)];

    /// <summary>
    /// True when the request names a sub-resource, for a method that neither Coffer nor this table
    /// has an operation for (DELETE ?versioning, PUT ?uploads). Such a request is refused: served as
    /// the plain method, it would delete a bucket or overwrite an object that it never meant to.
    /// </summary>
    public static bool NamesSubresource(IReadOnlyDictionary<string, string> query) => query.Keys.Any(Subresources.Contains);

    /// <summary>The unbuilt bucket operation this request names, or null.</summary>
    public static string? OnBucketNamed(string method, IReadOnlyDictionary<string, string> query) => Find(OnBucket, method, query);

    /// <summary>The unbuilt object operation this request names, or null.</summary>
    public static string? OnObjectNamed(string method, IReadOnlyDictionary<string, string> query) => Find(OnObject, method, query);

    private static string? Find(Row[] rows, string method, IReadOnlyDictionary<string, string> query)
    {
        foreach (var row in rows)
        {
            if (row.Method == method && query.ContainsKey(row.Subresource) && (row.Required is null || query.ContainsKey(row.Required)))
            {
                return row.Name;
            }
        }

        return null;
    }
}

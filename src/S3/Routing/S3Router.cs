using Coffer.Engine.Model;
using Coffer.S3.Errors;
using Coffer.S3.Http;

namespace Coffer.S3.Routing;

/// <summary>
/// Turns method + host + path + query into one <see cref="S3Operation"/>. A pure function of the
/// request line, so the whole table is unit-tested row by row.
/// </summary>
public sealed class S3Router(IReadOnlyList<string> virtualHostDomains)
{
    public S3Operation Route(RequestTarget target)
    {
        var (bucket, key) = Address(target);
        var query = target.Query;
        var method = target.Method.ToUpperInvariant();

        if (bucket is null)
        {
            return method switch
            {
                // Directory buckets (S3 Express One Zone) are listed by an operation of their own
                // that only x-id tells from ListBuckets; Coffer has none to list.
                "GET" when query.GetValueOrDefault("x-id") == "ListDirectoryBuckets" => S3Operation.Unsupported("ListDirectoryBuckets", null, null),
                "GET" => S3Operation.Of(S3OperationKind.ListBuckets, null, null),
                "POST" => S3Operation.Of(S3OperationKind.QueryApi, null, null),
                _ => throw new S3Exception(S3Error.MethodNotAllowed),
            };
        }

        if (key is null)
        {
            return RouteBucket(method, bucket, query, target.IsFormUpload);
        }

        var operation = RouteObject(method, bucket, key, query, target.HasCopySource);
        return operation with
        {
            VersionId = VersionIdOf(query),
            PartNumber = TakesPartNumber(operation.Kind) && query.TryGetValue(PartNumberParameter.Name, out var part) ? PartNumberParameter.Parse(part) : null,
            UploadId = query.GetValueOrDefault("uploadId"),
        };
    }

    private static bool TakesPartNumber(S3OperationKind kind) =>
        kind is S3OperationKind.UploadPart or S3OperationKind.UploadPartCopy or S3OperationKind.GetObject or S3OperationKind.HeadObject;

    /// <summary>
    /// ?versionId=: absent is the latest version. A value Coffer could never have issued is S3's
    /// 400 InvalidArgument, for every operation, before anything is looked up or changed.
    /// </summary>
    private static VersionId? VersionIdOf(IReadOnlyDictionary<string, string> query) =>
        query.TryGetValue("versionId", out var text) ? VersionIdParameter.Parse(text, "versionId", text) : null;

    /// <summary>
    /// Virtual-hosted style when the Host is a subdomain of a configured domain (or of
    /// "localhost"); path style otherwise. The key is everything after the bucket's slash,
    /// percent-decoded, with empty segments and dots kept: keys are not paths.
    /// </summary>
    internal (string? Bucket, string? Key) Address(RequestTarget target)
    {
        var path = target.RawPath;
        if (path.Length == 0 || path[0] != '/')
        {
            throw new S3Exception(S3Error.InvalidURI);
        }

        if (VirtualHostBucket(target.Host) is { } hostBucket)
        {
            return (hostBucket, path.Length > 1 ? Decode(path[1..]) : null);
        }

        var rest = path.AsSpan(1);
        if (rest.IsEmpty)
        {
            return (null, null);
        }

        var slash = rest.IndexOf('/');
        if (slash < 0)
        {
            return (Decode(rest.ToString()), null);
        }

        var bucket = Decode(rest[..slash].ToString());
        var key = rest[(slash + 1)..].ToString();
        return (bucket, key.Length == 0 ? null : Decode(key));
    }

    /// <summary>True when <paramref name="host"/> names a bucket (virtual-hosted style), as <see cref="Address"/> reads it.</summary>
    public bool IsVirtualHosted(string host) => VirtualHostBucket(host) is not null;

    private string? VirtualHostBucket(string host)
    {
        var name = StripPort(host);
        foreach (var domain in virtualHostDomains)
        {
            if (name.Length > domain.Length + 1
                && name.EndsWith(domain, StringComparison.OrdinalIgnoreCase)
                && name[name.Length - domain.Length - 1] == '.')
            {
                return name[..(name.Length - domain.Length - 1)];
            }
        }

        return null;
    }

    private static string StripPort(string host)
    {
        if (host.StartsWith('['))
        {
            return host; // IPv6 literal: never a virtual host
        }

        var colon = host.LastIndexOf(':');
        return colon < 0 ? host : host[..colon];
    }

    /// <summary>Percent-decodes as UTF-8. '+' is a literal plus in a path, unlike in a form.</summary>
    private static string Decode(string raw) =>
        UriEncoding.TryDecodeStrict(raw, out var decoded) ? decoded : throw new S3Exception(S3Error.InvalidURI);

    private static S3Operation RouteBucket(string method, string bucket, IReadOnlyDictionary<string, string> query, bool isFormUpload)
    {
        S3Operation Op(S3OperationKind kind) => S3Operation.Of(kind, bucket, null);

        switch (method)
        {
            case "GET":
                if (query.ContainsKey("location")) return Op(S3OperationKind.GetBucketLocation);
                if (query.ContainsKey("versioning")) return Op(S3OperationKind.GetBucketVersioning);
                if (query.ContainsKey("object-lock")) return Op(S3OperationKind.GetObjectLockConfiguration);
                if (query.ContainsKey("versions")) return Op(S3OperationKind.ListObjectVersions);
                if (query.ContainsKey("cors")) return Op(S3OperationKind.GetBucketCors);
                if (query.ContainsKey("policyStatus")) return Op(S3OperationKind.GetBucketPolicyStatus);
                if (query.ContainsKey("publicAccessBlock")) return Op(S3OperationKind.GetPublicAccessBlock);
                if (query.ContainsKey("policy")) return Op(S3OperationKind.GetBucketPolicy);
                if (query.ContainsKey("acl")) return Op(S3OperationKind.GetBucketAcl);
                if (query.ContainsKey("ownershipControls")) return Op(S3OperationKind.GetBucketOwnershipControls);
                if (query.ContainsKey("tagging")) return Op(S3OperationKind.GetBucketTagging);
                if (query.ContainsKey("encryption")) return Op(S3OperationKind.GetBucketEncryption);
                if (query.ContainsKey("lifecycle")) return Op(S3OperationKind.GetBucketLifecycleConfiguration);
                if (query.ContainsKey("intelligent-tiering"))
                {
                    return Op(query.ContainsKey("id") ? S3OperationKind.GetBucketIntelligentTieringConfiguration : S3OperationKind.ListBucketIntelligentTieringConfigurations);
                }

                if (UnbuiltOperations.OnBucketNamed(method, query) is { } getName) return S3Operation.Unsupported(getName, bucket, null);
                if (query.ContainsKey("uploads")) return Op(S3OperationKind.ListMultipartUploads);
                return query.ContainsKey("list-type") ? Op(S3OperationKind.ListObjectsV2) : Op(S3OperationKind.ListObjects);
            case "HEAD":
                return Op(S3OperationKind.HeadBucket);
            case "PUT":
                if (query.ContainsKey("cors")) return Op(S3OperationKind.PutBucketCors);
                if (query.ContainsKey("versioning")) return Op(S3OperationKind.PutBucketVersioning);
                if (query.ContainsKey("object-lock")) return Op(S3OperationKind.PutObjectLockConfiguration);
                if (query.ContainsKey("policy")) return Op(S3OperationKind.PutBucketPolicy);
                if (query.ContainsKey("publicAccessBlock")) return Op(S3OperationKind.PutPublicAccessBlock);
                if (query.ContainsKey("acl")) return Op(S3OperationKind.PutBucketAcl);
                if (query.ContainsKey("ownershipControls")) return Op(S3OperationKind.PutBucketOwnershipControls);
                if (query.ContainsKey("tagging")) return Op(S3OperationKind.PutBucketTagging);
                if (query.ContainsKey("encryption")) return Op(S3OperationKind.PutBucketEncryption);
                if (query.ContainsKey("lifecycle")) return Op(S3OperationKind.PutBucketLifecycleConfiguration);
                if (query.ContainsKey("intelligent-tiering")) return Op(S3OperationKind.PutBucketIntelligentTieringConfiguration);
                if (UnbuiltOperations.OnBucketNamed(method, query) is { } putName) return S3Operation.Unsupported(putName, bucket, null);
                RefuseOtherSubresources(query);
                return Op(S3OperationKind.CreateBucket);
            case "DELETE":
                if (query.ContainsKey("cors")) return Op(S3OperationKind.DeleteBucketCors);
                if (query.ContainsKey("policy")) return Op(S3OperationKind.DeleteBucketPolicy);
                if (query.ContainsKey("publicAccessBlock")) return Op(S3OperationKind.DeletePublicAccessBlock);
                if (query.ContainsKey("ownershipControls")) return Op(S3OperationKind.DeleteBucketOwnershipControls);
                if (query.ContainsKey("tagging")) return Op(S3OperationKind.DeleteBucketTagging);
                if (query.ContainsKey("encryption")) return Op(S3OperationKind.DeleteBucketEncryption);
                if (query.ContainsKey("lifecycle")) return Op(S3OperationKind.DeleteBucketLifecycle);
                if (query.ContainsKey("intelligent-tiering")) return Op(S3OperationKind.DeleteBucketIntelligentTieringConfiguration);
                if (UnbuiltOperations.OnBucketNamed(method, query) is { } deleteName) return S3Operation.Unsupported(deleteName, bucket, null);
                RefuseOtherSubresources(query);
                return Op(S3OperationKind.DeleteBucket);
            case "POST":
                if (query.ContainsKey("delete")) return Op(S3OperationKind.DeleteObjects);
                if (UnbuiltOperations.OnBucketNamed(method, query) is { } postName) return S3Operation.Unsupported(postName, bucket, null);
                if (isFormUpload) return Op(S3OperationKind.PostObject);

                // S3 Object Lambda's answer path; never a bucket, as bucket names have no capitals.
                if (bucket == "WriteGetObjectResponse") return S3Operation.Unsupported("WriteGetObjectResponse", null, null);

                // S3's answer to a bucket POST that is not a form (an HTML form sent with another enctype).
                throw new S3Exception(S3Error.PreconditionFailed, "Bucket POST must be of the enclosure-type multipart/form-data", [new("Condition", "Bucket POST must be of the enclosure-type multipart/form-data")]);
            case "OPTIONS":
                // A preflight's query belongs to the request it asks about; it does not change the answer.
                return Op(S3OperationKind.OptionsObject);
            default:
                throw new S3Exception(S3Error.MethodNotAllowed);
        }
    }

    /// <summary>A write or delete that names a sub-resource it has no operation for is refused, never served as the plain write or delete.</summary>
    private static void RefuseOtherSubresources(IReadOnlyDictionary<string, string> query)
    {
        if (UnbuiltOperations.NamesSubresource(query))
        {
            throw new S3Exception(S3Error.MethodNotAllowed);
        }
    }

    private static S3Operation RouteObject(string method, string bucket, string key, IReadOnlyDictionary<string, string> query, bool hasCopySource)
    {
        S3Operation Op(S3OperationKind kind) => S3Operation.Of(kind, bucket, key);
        S3Operation Later(string name) => S3Operation.Unsupported(name, bucket, key);

        switch (method)
        {
            case "GET":
                if (query.ContainsKey("uploadId")) return Op(S3OperationKind.ListParts);
                if (query.ContainsKey("attributes")) return Op(S3OperationKind.GetObjectAttributes);
                if (query.ContainsKey("acl")) return Op(S3OperationKind.GetObjectAcl);
                if (query.ContainsKey("tagging")) return Op(S3OperationKind.GetObjectTagging);
                if (query.ContainsKey("retention")) return Op(S3OperationKind.GetObjectRetention);
                if (query.ContainsKey("legal-hold")) return Op(S3OperationKind.GetObjectLegalHold);
                if (UnbuiltOperations.OnObjectNamed(method, query) is { } getName) return Later(getName);
                return Op(S3OperationKind.GetObject);
            case "HEAD":
                return Op(S3OperationKind.HeadObject);
            case "PUT":
                if (query.ContainsKey("uploadId")) return Op(hasCopySource ? S3OperationKind.UploadPartCopy : S3OperationKind.UploadPart);
                if (query.ContainsKey("acl")) return Op(S3OperationKind.PutObjectAcl);
                if (query.ContainsKey("tagging")) return Op(S3OperationKind.PutObjectTagging);
                if (query.ContainsKey("retention")) return Op(S3OperationKind.PutObjectRetention);
                if (query.ContainsKey("legal-hold")) return Op(S3OperationKind.PutObjectLegalHold);
                if (UnbuiltOperations.OnObjectNamed(method, query) is { } putName) return Later(putName);
                RefuseOtherSubresources(query);
                return Op(hasCopySource ? S3OperationKind.CopyObject : S3OperationKind.PutObject);
            case "DELETE":
                if (query.ContainsKey("uploadId")) return Op(S3OperationKind.AbortMultipartUpload);
                if (query.ContainsKey("tagging")) return Op(S3OperationKind.DeleteObjectTagging);
                if (UnbuiltOperations.OnObjectNamed(method, query) is { } deleteName) return Later(deleteName);
                RefuseOtherSubresources(query);
                return Op(S3OperationKind.DeleteObject);
            case "POST":
                if (query.ContainsKey("uploads")) return Op(S3OperationKind.CreateMultipartUpload);
                if (query.ContainsKey("uploadId")) return Op(S3OperationKind.CompleteMultipartUpload);
                if (query.ContainsKey("restore")) return Op(S3OperationKind.RestoreObject);
                if (UnbuiltOperations.OnObjectNamed(method, query) is { } postName) return Later(postName);
                throw new S3Exception(S3Error.MethodNotAllowed);
            case "OPTIONS":
                return Op(S3OperationKind.OptionsObject);
            default:
                throw new S3Exception(S3Error.MethodNotAllowed);
        }
    }
}

using Coffer.S3.Errors;
using Coffer.S3.Routing;

namespace Coffer.S3.Tests.Routing;

public class S3RouterTests
{
    private static readonly S3Router Router = new(["s3.example.com", "localhost"]);

    private static S3Operation Route(string method, string path, string query = "", string host = "127.0.0.1:9000", bool copySource = false, bool form = false) =>
        Router.Route(new RequestTarget(
            method,
            host,
            path,
            query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : ""),
            copySource,
            form));

    public static TheoryData<string, string, string, bool, S3OperationKind> Table => new()
    {
        { "GET", "/", "", false, S3OperationKind.ListBuckets },
        { "POST", "/", "", false, S3OperationKind.QueryApi },
        { "PUT", "/photos", "", false, S3OperationKind.CreateBucket },
        { "PUT", "/photos/", "", false, S3OperationKind.CreateBucket },
        { "HEAD", "/photos", "", false, S3OperationKind.HeadBucket },
        { "DELETE", "/photos", "", false, S3OperationKind.DeleteBucket },
        { "GET", "/photos", "location", false, S3OperationKind.GetBucketLocation },
        { "GET", "/photos", "versioning", false, S3OperationKind.GetBucketVersioning },
        { "GET", "/photos", "", false, S3OperationKind.ListObjects },
        { "GET", "/photos", "list-type=2&prefix=a", false, S3OperationKind.ListObjectsV2 },
        { "GET", "/photos", "versions", false, S3OperationKind.ListObjectVersions },
        { "POST", "/photos", "delete", false, S3OperationKind.DeleteObjects },
        { "PUT", "/photos/a/b.jpg", "", false, S3OperationKind.PutObject },
        { "PUT", "/photos/a/b.jpg", "", true, S3OperationKind.CopyObject },
        { "GET", "/photos/a/b.jpg", "", false, S3OperationKind.GetObject },
        { "GET", "/photos/a/b.jpg", "response-content-type=x", false, S3OperationKind.GetObject },
        { "HEAD", "/photos/a/b.jpg", "", false, S3OperationKind.HeadObject },
        { "DELETE", "/photos/a/b.jpg", "", false, S3OperationKind.DeleteObject },
        { "GET", "/photos", "acl", false, S3OperationKind.GetBucketAcl },
        { "PUT", "/photos", "acl", false, S3OperationKind.PutBucketAcl },
        { "GET", "/photos", "ownershipControls", false, S3OperationKind.GetBucketOwnershipControls },
        { "PUT", "/photos", "ownershipControls", false, S3OperationKind.PutBucketOwnershipControls },
        { "DELETE", "/photos", "ownershipControls", false, S3OperationKind.DeleteBucketOwnershipControls },
        { "DELETE", "/photos", "acl", false, S3OperationKind.NotImplemented },
        { "POST", "/photos/k", "uploads", false, S3OperationKind.CreateMultipartUpload },
        { "PUT", "/photos/k", "partNumber=1&uploadId=u", false, S3OperationKind.UploadPart },
        { "PUT", "/photos/k", "partNumber=1&uploadId=u", true, S3OperationKind.UploadPartCopy },
        { "POST", "/photos/k", "uploadId=u", false, S3OperationKind.CompleteMultipartUpload },
        { "DELETE", "/photos/k", "uploadId=u", false, S3OperationKind.AbortMultipartUpload },
        { "GET", "/photos/k", "uploadId=u", false, S3OperationKind.ListParts },
        { "GET", "/photos/k", "uploadId=u&max-parts=1&part-number-marker=2", false, S3OperationKind.ListParts },
        { "GET", "/photos", "uploads", false, S3OperationKind.ListMultipartUploads },
        { "GET", "/photos", "uploads&prefix=a&delimiter=/", false, S3OperationKind.ListMultipartUploads },
        { "GET", "/photos/k", "partNumber=2", false, S3OperationKind.GetObject },
        { "HEAD", "/photos/k", "partNumber=2", false, S3OperationKind.HeadObject },
        { "GET", "/photos/k", "acl", false, S3OperationKind.GetObjectAcl },
        { "GET", "/photos/k", "acl&versionId=null", false, S3OperationKind.GetObjectAcl },
        { "PUT", "/photos/k", "acl", false, S3OperationKind.PutObjectAcl },
        { "PUT", "/photos/k", "acl", true, S3OperationKind.PutObjectAcl },
        { "GET", "/photos/k", "tagging", false, S3OperationKind.GetObjectTagging },
        { "PUT", "/photos/k", "tagging", false, S3OperationKind.PutObjectTagging },
        { "DELETE", "/photos/k", "tagging", false, S3OperationKind.DeleteObjectTagging },
        { "GET", "/photos/k", "tagging&versionId=null", false, S3OperationKind.GetObjectTagging },
        { "GET", "/photos", "tagging", false, S3OperationKind.GetBucketTagging },
        { "PUT", "/photos", "tagging", false, S3OperationKind.PutBucketTagging },
        { "DELETE", "/photos", "tagging", false, S3OperationKind.DeleteBucketTagging },
        { "PUT", "/photos", "encryption", false, S3OperationKind.PutBucketEncryption },
        { "GET", "/photos", "encryption", false, S3OperationKind.GetBucketEncryption },
        { "DELETE", "/photos", "encryption", false, S3OperationKind.DeleteBucketEncryption },
        { "PUT", "/photos", "object-lock", false, S3OperationKind.PutObjectLockConfiguration },
        { "GET", "/photos", "object-lock", false, S3OperationKind.GetObjectLockConfiguration },
        { "PUT", "/photos/k", "retention", false, S3OperationKind.PutObjectRetention },
        { "GET", "/photos/k", "retention&versionId=null", false, S3OperationKind.GetObjectRetention },
        { "PUT", "/photos/k", "legal-hold", false, S3OperationKind.PutObjectLegalHold },
        { "POST", "/photos/k", "restore", false, S3OperationKind.RestoreObject },
        { "GET", "/photos/k", "legal-hold", false, S3OperationKind.GetObjectLegalHold },
        { "PUT", "/photos", "cors", false, S3OperationKind.PutBucketCors },
        { "GET", "/photos", "cors", false, S3OperationKind.GetBucketCors },
        { "DELETE", "/photos", "cors", false, S3OperationKind.DeleteBucketCors },
        { "OPTIONS", "/photos", "", false, S3OperationKind.OptionsObject },
        { "OPTIONS", "/photos/", "", false, S3OperationKind.OptionsObject },
        { "OPTIONS", "/photos", "uploads", false, S3OperationKind.OptionsObject },
        { "OPTIONS", "/photos/a/b.jpg", "", false, S3OperationKind.OptionsObject },
        { "OPTIONS", "/photos/k", "uploadId=u&partNumber=1", false, S3OperationKind.OptionsObject },
        { "options", "/photos/k", "", false, S3OperationKind.OptionsObject },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Route_PathStyle_GivesOperation(string method, string path, string query, bool copySource, S3OperationKind expected)
    {
        Assert.Equal(expected, Route(method, path, query, copySource: copySource).Kind);
    }

    [Theory]
    [InlineData("/photos", "127.0.0.1:9000")]
    [InlineData("/photos/", "127.0.0.1:9000")]
    [InlineData("/", "photos.localhost:9000")]
    [InlineData("/", "photos.s3.example.com")]
    public void Route_BucketPostOfAForm_IsPostObjectOnThatBucket(string path, string host)
    {
        var operation = Route("POST", path, host: host, form: true);

        Assert.Equal(S3OperationKind.PostObject, operation.Kind);
        Assert.Equal("photos", operation.Bucket);
        Assert.Null(operation.Key);
    }

    [Fact]
    public void Route_BucketPostOfAFormWithDeleteQuery_IsStillDeleteObjects()
    {
        Assert.Equal(S3OperationKind.DeleteObjects, Route("POST", "/photos", "delete", form: true).Kind);
    }

    [Fact]
    public void Route_BucketPostThatIsNotAForm_IsPreconditionFailed()
    {
        var error = Assert.Throws<S3Exception>(() => Route("POST", "/photos"));

        Assert.Equal("PreconditionFailed", error.Error.Code);
        Assert.Equal("Bucket POST must be of the enclosure-type multipart/form-data", error.Message);
    }

    [Fact]
    public void Route_ObjectPostOfAForm_IsMethodNotAllowed()
    {
        var error = Assert.Throws<S3Exception>(() => Route("POST", "/photos/a.jpg", form: true));

        Assert.Equal("MethodNotAllowed", error.Error.Code);
    }

    [Theory]
    [InlineData("/photos", "object-lock")]
    [InlineData("/photos/k", "retention")]
    [InlineData("/photos/k", "legal-hold")]
    public void Route_DeleteOfALockSubresource_IsMethodNotAllowedNotADelete(string path, string query)
    {
        var error = Assert.Throws<S3Exception>(() => Route("DELETE", path, query));

        Assert.Equal("MethodNotAllowed", error.Error.Code);
    }

    [Fact]
    public void Route_PutWithCopySourceHeader_IsCopyObject()
    {
        Assert.Equal(S3OperationKind.CopyObject, Route("PUT", "/b/k", copySource: true).Kind);
    }

    [Fact]
    public void Route_UnimplementedSubresource_NamesTheAwsOperation()
    {
        Assert.Equal("GetBucketWebsite", Route("GET", "/photos", "website").Name);
        Assert.Equal("PutObjectRetention", Route("PUT", "/photos/k", "retention").Name);
        Assert.Equal("SelectObjectContent", Route("POST", "/photos/k", "select").Name);
    }

    [Theory]
    [InlineData("GET", "lifecycle", S3OperationKind.GetBucketLifecycleConfiguration)]
    [InlineData("PUT", "lifecycle", S3OperationKind.PutBucketLifecycleConfiguration)]
    [InlineData("DELETE", "lifecycle", S3OperationKind.DeleteBucketLifecycle)]
    [InlineData("GET", "intelligent-tiering&id=a", S3OperationKind.GetBucketIntelligentTieringConfiguration)]
    [InlineData("GET", "intelligent-tiering", S3OperationKind.ListBucketIntelligentTieringConfigurations)]
    [InlineData("PUT", "intelligent-tiering&id=a", S3OperationKind.PutBucketIntelligentTieringConfiguration)]
    [InlineData("DELETE", "intelligent-tiering&id=a", S3OperationKind.DeleteBucketIntelligentTieringConfiguration)]
    public void Route_LifecycleAndIntelligentTiering_AreTheirOperations(string method, string query, S3OperationKind kind)
    {
        Assert.Equal(kind, Route(method, "/photos", query).Kind);
    }

    [Fact]
    public void Route_MultipartOperation_IsNamedAfterTheAwsOperation()
    {
        Assert.Equal("UploadPart", Route("PUT", "/photos/k", "partNumber=1&uploadId=x").Name);
        Assert.Equal("ListMultipartUploads", Route("GET", "/photos", "uploads").Name);
    }

    [Theory]
    [InlineData("photos.s3.example.com:9000", true)]
    [InlineData("photos.localhost", true)]
    [InlineData("s3.example.com", false)]
    [InlineData("127.0.0.1:9000", false)]
    public void IsVirtualHosted_Host_TellsWhetherItNamesABucket(string host, bool expected)
    {
        Assert.Equal(expected, Router.IsVirtualHosted(host));
    }

    [Theory]
    [InlineData("/photos/a%20b", "a b")]
    [InlineData("/photos/a+b", "a+b")]
    [InlineData("/photos/a%2Bb", "a+b")]
    [InlineData("/photos/..%2Fx", "../x")]
    [InlineData("/photos/../x", "../x")]
    [InlineData("/photos/a//b", "a//b")]
    [InlineData("/photos//lead", "/lead")]
    [InlineData("/photos/dir/", "dir/")]
    [InlineData("/photos/%F0%9F%98%80", "😀")]
    [InlineData("/photos/100%25", "100%")]
    public void Route_PathStyleKey_IsPercentDecodedAndNeverNormalised(string path, string key)
    {
        var operation = Route("GET", path);

        Assert.Equal("photos", operation.Bucket);
        Assert.Equal(key, operation.Key);
    }

    [Theory]
    [InlineData("photos.s3.example.com", "/a/b.jpg", "photos", "a/b.jpg")]
    [InlineData("photos.s3.example.com:9000", "/a/b.jpg", "photos", "a/b.jpg")]
    [InlineData("photos.localhost:9000", "/k", "photos", "k")]
    [InlineData("my.dotted.bucket.localhost", "/k", "my.dotted.bucket", "k")]
    public void Route_VirtualHosted_TakesBucketFromHost(string host, string path, string bucket, string key)
    {
        var operation = Route("GET", path, host: host);

        Assert.Equal(bucket, operation.Bucket);
        Assert.Equal(key, operation.Key);
        Assert.Equal(S3OperationKind.GetObject, operation.Kind);
    }

    [Fact]
    public void Route_VirtualHostedRoot_IsBucketOperation()
    {
        Assert.Equal(S3OperationKind.ListObjectsV2, Route("GET", "/", "list-type=2", host: "photos.localhost:9000").Kind);
    }

    [Fact]
    public void Route_BareDomain_IsPathStyle()
    {
        Assert.Equal(S3OperationKind.ListBuckets, Route("GET", "/", host: "s3.example.com").Kind);
        Assert.Equal(S3OperationKind.ListBuckets, Route("GET", "/", host: "localhost:9000").Kind);
    }

    [Fact]
    public void Route_UnknownMethod_IsMethodNotAllowed()
    {
        var error = Assert.Throws<S3Exception>(() => Route("PATCH", "/b/k"));
        Assert.Equal("MethodNotAllowed", error.Error.Code);
    }

    [Fact]
    public void Route_OptionsOnTheService_IsMethodNotAllowed()
    {
        var error = Assert.Throws<S3Exception>(() => Route("OPTIONS", "/"));
        Assert.Equal("MethodNotAllowed", error.Error.Code);
    }

    [Fact]
    public void Route_OptionsOnAnObject_KeepsBucketAndKey()
    {
        var operation = Route("OPTIONS", "/photos/a/b.jpg");

        Assert.Equal(("photos", "a/b.jpg", "OptionsObject"), (operation.Bucket, operation.Key, operation.Name));
    }

    [Fact]
    public void Route_PercentNotFollowedByHex_IsALiteralPercent()
    {
        Assert.Equal("%zz", Route("GET", "/b/%zz").Key);
    }

    [Fact]
    public void Route_EscapesThatAreNotUtf8_IsInvalidUri()
    {
        var error = Assert.Throws<S3Exception>(() => Route("GET", "/b/%FF%FE"));
        Assert.Equal("InvalidURI", error.Error.Code);
    }

    [Theory]
    [InlineData("PUT", "partNumber=7&uploadId=u-1", S3OperationKind.UploadPart)]
    [InlineData("GET", "partNumber=7", S3OperationKind.GetObject)]
    [InlineData("HEAD", "partNumber=7", S3OperationKind.HeadObject)]
    public void Route_PartNumberOnAnOperationThatTakesIt_IsParsedOnceIntoTheOperation(string method, string query, S3OperationKind kind)
    {
        var operation = Route(method, "/photos/big.bin", query);

        Assert.Equal((kind, 7), (operation.Kind, operation.PartNumber));
    }

    [Theory]
    [InlineData("GET", "partNumber=0")]
    [InlineData("GET", "partNumber=10001")]
    [InlineData("HEAD", "partNumber=two")]
    [InlineData("PUT", "partNumber=-1&uploadId=u-1")]
    public void Route_PartNumberOutOfRange_IsInvalidArgumentNamingIt(string method, string query)
    {
        var error = Assert.Throws<S3Exception>(() => Route(method, "/photos/big.bin", query));

        Assert.Equal("InvalidArgument", error.Error.Code);
        Assert.Contains(new KeyValuePair<string, string>("ArgumentName", "partNumber"), error.Details);
    }

    [Fact]
    public void Route_PartNumberOnAnOperationThatDoesNotTakeIt_IsIgnored()
    {
        var operation = Route("PUT", "/photos/a.txt", "partNumber=junk");

        Assert.Equal((S3OperationKind.PutObject, (int?)null), (operation.Kind, operation.PartNumber));
    }

    [Theory]
    [InlineData("PUT", "partNumber=1&uploadId=abc", S3OperationKind.UploadPart)]
    [InlineData("GET", "uploadId=abc", S3OperationKind.ListParts)]
    [InlineData("POST", "uploadId=abc", S3OperationKind.CompleteMultipartUpload)]
    [InlineData("DELETE", "uploadId=abc", S3OperationKind.AbortMultipartUpload)]
    public void Route_UploadId_IsCarriedByTheOperationAsSent(string method, string query, S3OperationKind kind)
    {
        var operation = Route(method, "/photos/big.bin", query);

        Assert.Equal((kind, "abc"), (operation.Kind, operation.UploadId));
    }
}

using Coffer.S3.Authorization;
using Coffer.S3.Routing;

namespace Coffer.S3.Tests.Authorization;

public class S3PermissionsTests
{
    public static TheoryData<S3OperationKind, string, string> Table() => new()
    {
        { S3OperationKind.ListBuckets, "s3:ListAllMyBuckets", "*" },
        { S3OperationKind.CreateBucket, "s3:CreateBucket", "arn:aws:s3:::media" },
        { S3OperationKind.HeadBucket, "s3:ListBucket", "arn:aws:s3:::media" },
        { S3OperationKind.DeleteBucket, "s3:DeleteBucket", "arn:aws:s3:::media" },
        { S3OperationKind.GetBucketLocation, "s3:GetBucketLocation", "arn:aws:s3:::media" },
        { S3OperationKind.GetBucketVersioning, "s3:GetBucketVersioning", "arn:aws:s3:::media" },
        { S3OperationKind.PutBucketVersioning, "s3:PutBucketVersioning", "arn:aws:s3:::media" },
        { S3OperationKind.ListObjects, "s3:ListBucket", "arn:aws:s3:::media" },
        { S3OperationKind.ListObjectsV2, "s3:ListBucket", "arn:aws:s3:::media" },
        { S3OperationKind.ListObjectVersions, "s3:ListBucketVersions", "arn:aws:s3:::media" },
        { S3OperationKind.ListMultipartUploads, "s3:ListBucketMultipartUploads", "arn:aws:s3:::media" },
        { S3OperationKind.DeleteObjects, "s3:DeleteObject", "arn:aws:s3:::media" },
        { S3OperationKind.GetObject, "s3:GetObject", "arn:aws:s3:::media/a b/é.jpg" },
        { S3OperationKind.HeadObject, "s3:GetObject", "arn:aws:s3:::media/a b/é.jpg" },
        { S3OperationKind.GetObjectAttributes, "s3:GetObjectAttributes", "arn:aws:s3:::media/a b/é.jpg" },
        { S3OperationKind.PutObject, "s3:PutObject", "arn:aws:s3:::media/a b/é.jpg" },
        { S3OperationKind.CopyObject, "s3:PutObject", "arn:aws:s3:::media/a b/é.jpg" },
        { S3OperationKind.DeleteObject, "s3:DeleteObject", "arn:aws:s3:::media/a b/é.jpg" },
        { S3OperationKind.CreateMultipartUpload, "s3:PutObject", "arn:aws:s3:::media/a b/é.jpg" },
        { S3OperationKind.UploadPart, "s3:PutObject", "arn:aws:s3:::media/a b/é.jpg" },
        { S3OperationKind.UploadPartCopy, "s3:PutObject", "arn:aws:s3:::media/a b/é.jpg" },
        { S3OperationKind.CompleteMultipartUpload, "s3:PutObject", "arn:aws:s3:::media/a b/é.jpg" },
        { S3OperationKind.AbortMultipartUpload, "s3:AbortMultipartUpload", "arn:aws:s3:::media/a b/é.jpg" },
        { S3OperationKind.ListParts, "s3:ListMultipartUploadParts", "arn:aws:s3:::media/a b/é.jpg" },
        { S3OperationKind.GetBucketCors, "s3:GetBucketCORS", "arn:aws:s3:::media" },
        { S3OperationKind.PutBucketPolicy, "s3:PutBucketPolicy", "arn:aws:s3:::media" },
        { S3OperationKind.GetBucketPolicy, "s3:GetBucketPolicy", "arn:aws:s3:::media" },
        { S3OperationKind.DeleteBucketPolicy, "s3:DeleteBucketPolicy", "arn:aws:s3:::media" },
        { S3OperationKind.GetBucketPolicyStatus, "s3:GetBucketPolicyStatus", "arn:aws:s3:::media" },
        { S3OperationKind.GetPublicAccessBlock, "s3:GetBucketPublicAccessBlock", "arn:aws:s3:::media" },
        { S3OperationKind.PutPublicAccessBlock, "s3:PutBucketPublicAccessBlock", "arn:aws:s3:::media" },
        { S3OperationKind.DeletePublicAccessBlock, "s3:PutBucketPublicAccessBlock", "arn:aws:s3:::media" },
        { S3OperationKind.PutBucketCors, "s3:PutBucketCORS", "arn:aws:s3:::media" },
        { S3OperationKind.DeleteBucketCors, "s3:PutBucketCORS", "arn:aws:s3:::media" },
        { S3OperationKind.GetBucketEncryption, "s3:GetEncryptionConfiguration", "arn:aws:s3:::media" },
        { S3OperationKind.PutBucketEncryption, "s3:PutEncryptionConfiguration", "arn:aws:s3:::media" },
        { S3OperationKind.DeleteBucketEncryption, "s3:PutEncryptionConfiguration", "arn:aws:s3:::media" },
        { S3OperationKind.GetBucketLifecycleConfiguration, "s3:GetLifecycleConfiguration", "arn:aws:s3:::media" },
        { S3OperationKind.PutBucketLifecycleConfiguration, "s3:PutLifecycleConfiguration", "arn:aws:s3:::media" },
        { S3OperationKind.DeleteBucketLifecycle, "s3:PutLifecycleConfiguration", "arn:aws:s3:::media" },
        { S3OperationKind.GetBucketIntelligentTieringConfiguration, "s3:GetIntelligentTieringConfiguration", "arn:aws:s3:::media" },
        { S3OperationKind.ListBucketIntelligentTieringConfigurations, "s3:GetIntelligentTieringConfiguration", "arn:aws:s3:::media" },
        { S3OperationKind.PutBucketIntelligentTieringConfiguration, "s3:PutIntelligentTieringConfiguration", "arn:aws:s3:::media" },
        { S3OperationKind.DeleteBucketIntelligentTieringConfiguration, "s3:PutIntelligentTieringConfiguration", "arn:aws:s3:::media" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void For_EachOperation_NamesItsIamActionAndResource(S3OperationKind kind, string action, string resource)
    {
        var permission = S3Permissions.For(S3Operation.Of(kind, kind == S3OperationKind.ListBuckets ? null : "media", "a b/é.jpg"));

        Assert.Equal(new RequiredPermission(action, resource), permission);
    }

    [Theory]
    [InlineData(S3OperationKind.GetObject, "s3:GetObjectVersion")]
    [InlineData(S3OperationKind.HeadObject, "s3:GetObjectVersion")]
    [InlineData(S3OperationKind.DeleteObject, "s3:DeleteObjectVersion")]
    [InlineData(S3OperationKind.GetObjectAcl, "s3:GetObjectVersionAcl")]
    [InlineData(S3OperationKind.PutObjectAcl, "s3:PutObjectVersionAcl")]
    [InlineData(S3OperationKind.GetObjectAttributes, "s3:GetObjectVersionAttributes")]
    public void For_AnOperationNamingAVersion_NamesTheVersionAction(S3OperationKind kind, string action)
    {
        var operation = S3Operation.Of(kind, "media", "k") with { VersionId = Engine.Model.VersionId.Null };

        Assert.Equal(new RequiredPermission(action, "arn:aws:s3:::media/k"), S3Permissions.For(operation));
    }

    [Fact]
    public void DeleteEachAndCopySource_NamingAVersion_NameTheVersionActions()
    {
        Assert.Equal("s3:DeleteObjectVersion", S3Permissions.DeleteEach("media", "k", namesVersion: true).Action);
        Assert.Equal("s3:DeleteObject", S3Permissions.DeleteEach("media", "k").Action);
        Assert.Equal("s3:GetObjectVersion", S3Permissions.CopySource("media", "k", namesVersion: true).Action);
    }

    [Fact]
    public void For_EveryRoutedOperation_HasAPermission()
    {
        // A new operation must not reach dispatch without a permission to check.
        var missing = Enum.GetValues<S3OperationKind>()
            .Where(kind => kind is not (S3OperationKind.NotImplemented or S3OperationKind.OptionsObject or S3OperationKind.QueryApi))
            .Where(kind => S3Permissions.For(S3Operation.Of(kind, "b", "k")) is null);

        Assert.Empty(missing);
    }

    [Fact]
    public void CopySource_IsGetObjectOnTheSource()
    {
        Assert.Equal(new RequiredPermission("s3:GetObject", "arn:aws:s3:::src/k"), S3Permissions.CopySource("src", "k"));
    }

    [Fact]
    public void CopySourceTags_IsGetObjectTaggingOnTheSourceOrItsVersionAction()
    {
        Assert.Equal(new RequiredPermission("s3:GetObjectTagging", "arn:aws:s3:::src/k"), S3Permissions.CopySourceTags("src", "k"));
        Assert.Equal(new RequiredPermission("s3:GetObjectVersionTagging", "arn:aws:s3:::src/k"), S3Permissions.CopySourceTags("src", "k", namesVersion: true));
    }

    [Fact]
    public void TagsOf_AWrite_IsPutObjectTaggingOnWhatItWrites()
    {
        var write = S3Permissions.For(S3Operation.Of(S3OperationKind.PutObject, "media", "a/b.txt"))!;

        Assert.Equal(new RequiredPermission("s3:PutObjectTagging", "arn:aws:s3:::media/a/b.txt"), S3Permissions.TagsOf(write));
    }
}

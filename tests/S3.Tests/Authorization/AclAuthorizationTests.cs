using Coffer.Access.Acls;
using Coffer.S3.Authorization;
using Coffer.S3.Routing;

namespace Coffer.S3.Tests.Authorization;

/// <summary>Which ACL, and which permission in it, each operation is governed by.</summary>
public class AclAuthorizationTests
{
    public static TheoryData<S3OperationKind, bool, AclPermission> Rows => new()
    {
        { S3OperationKind.GetObject, true, AclPermission.Read },
        { S3OperationKind.HeadObject, true, AclPermission.Read },
        { S3OperationKind.GetObjectAcl, true, AclPermission.ReadAcp },
        { S3OperationKind.PutObjectAcl, true, AclPermission.WriteAcp },
        { S3OperationKind.ListObjects, false, AclPermission.Read },
        { S3OperationKind.ListObjectsV2, false, AclPermission.Read },
        { S3OperationKind.ListObjectVersions, false, AclPermission.Read },
        { S3OperationKind.PutObject, false, AclPermission.Write },
        { S3OperationKind.DeleteObject, false, AclPermission.Write },
        { S3OperationKind.CreateMultipartUpload, false, AclPermission.Write },
        { S3OperationKind.GetBucketAcl, false, AclPermission.ReadAcp },
        { S3OperationKind.PutBucketAcl, false, AclPermission.WriteAcp },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void RequirementOf_Operation_IsS3sAclPermission(S3OperationKind kind, bool onObject, AclPermission permission)
    {
        Assert.Equal(new AclRequirement(onObject, permission), AclAuthorization.RequirementOf(kind));
    }

    [Theory]
    [InlineData(S3OperationKind.PutBucketPolicy)]
    [InlineData(S3OperationKind.DeleteBucket)]
    [InlineData(S3OperationKind.PutBucketOwnershipControls)]
    [InlineData(S3OperationKind.PutPublicAccessBlock)]
    [InlineData(S3OperationKind.PutBucketEncryption)]
    [InlineData(S3OperationKind.GetBucketEncryption)]
    [InlineData(S3OperationKind.PutBucketLifecycleConfiguration)]
    [InlineData(S3OperationKind.GetBucketLifecycleConfiguration)]
    [InlineData(S3OperationKind.PutBucketIntelligentTieringConfiguration)]
    [InlineData(S3OperationKind.CopyObject)]
    [InlineData(S3OperationKind.ListBuckets)]
    public void RequirementOf_OperationNoAclGrants_IsNull(S3OperationKind kind)
    {
        Assert.Null(AclAuthorization.RequirementOf(kind));
    }
}

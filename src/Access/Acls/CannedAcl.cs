namespace Coffer.Access.Acls;

/// <summary>
/// S3's canned ACLs (x-amz-acl), each a shorthand for a list of grants
/// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl).
/// </summary>
public static class CannedAcl
{
    public const string Private = "private";
    public const string PublicRead = "public-read";
    public const string PublicReadWrite = "public-read-write";
    public const string AuthenticatedRead = "authenticated-read";
    public const string AwsExecRead = "aws-exec-read";
    public const string BucketOwnerRead = "bucket-owner-read";
    public const string BucketOwnerFullControl = "bucket-owner-full-control";
    public const string LogDeliveryWrite = "log-delivery-write";

    /// <summary>
    /// The ACL a canned name stands for; false for a name S3 does not know, or one it does not
    /// accept for that kind of resource (log-delivery-write is for buckets only).
    /// </summary>
    /// <param name="ownerId">The owner of the bucket or object the ACL is for.</param>
    /// <param name="bucketOwnerId">The owner of the bucket (for an object, the bucket it is in).</param>
    /// <remarks>
    /// aws-exec-read grants READ to Amazon EC2, which has no counterpart here: it is taken as
    /// private. On a bucket, the two bucket-owner-* names are ignored as S3 ignores them (private).
    /// A grant to the bucket owner that is also the object owner would repeat the owner's
    /// FULL_CONTROL, so it is left out.
    /// </remarks>
    public static bool TryExpand(string name, string ownerId, string bucketOwnerId, bool forBucket, out AccessControlList acl)
    {
        // The owner's grant comes last, after the grants the canned name adds: the order S3-compatible
        // servers list them in, and the one ceph's s3-tests compares against.
        var owner = new AclGrant(AclGrantee.User(ownerId), AclPermission.FullControl);
        AclGrant[]? grants = name switch
        {
            Private or AwsExecRead => [owner],
            PublicRead => [new(AclGrantee.AllUsers, AclPermission.Read), owner],
            PublicReadWrite => [new(AclGrantee.AllUsers, AclPermission.Read), new(AclGrantee.AllUsers, AclPermission.Write), owner],
            AuthenticatedRead => [new(AclGrantee.AuthenticatedUsers, AclPermission.Read), owner],
            BucketOwnerRead when !forBucket && bucketOwnerId != ownerId => [owner, new(AclGrantee.User(bucketOwnerId), AclPermission.Read)],
            BucketOwnerFullControl when !forBucket && bucketOwnerId != ownerId => [owner, new(AclGrantee.User(bucketOwnerId), AclPermission.FullControl)],
            BucketOwnerRead or BucketOwnerFullControl => [owner],
            LogDeliveryWrite when forBucket => [new(AclGrantee.LogDelivery, AclPermission.Write), new(AclGrantee.LogDelivery, AclPermission.ReadAcp), owner],
            _ => null,
        };

        acl = new AccessControlList(ownerId, grants ?? []);
        return grants is not null;
    }
}

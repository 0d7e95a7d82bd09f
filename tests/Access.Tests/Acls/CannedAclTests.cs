using Coffer.Access.Acls;

namespace Coffer.Access.Tests.Acls;

public class CannedAclTests
{
    private const string Owner = "1111111111111111111111111111111111111111111111111111111111111111";
    private const string BucketOwner = "3333333333333333333333333333333333333333333333333333333333333333";

    /// <summary>Canned name, for a bucket?, bucket owner differs?, the grants it expands to (as <see cref="AclText"/> writes them, ';' between).</summary>
    public static TheoryData<string, bool, bool, string> Rows => new()
    {
        { "private", false, false, "FULL_CONTROL id O" },
        { "public-read", false, false, "READ uri http://acs.amazonaws.com/groups/global/AllUsers;FULL_CONTROL id O" },
        { "public-read-write", true, false, "READ uri http://acs.amazonaws.com/groups/global/AllUsers;WRITE uri http://acs.amazonaws.com/groups/global/AllUsers;FULL_CONTROL id O" },
        { "authenticated-read", false, false, "READ uri http://acs.amazonaws.com/groups/global/AuthenticatedUsers;FULL_CONTROL id O" },
        { "aws-exec-read", false, false, "FULL_CONTROL id O" },
        { "bucket-owner-read", false, false, "FULL_CONTROL id O" },
        { "bucket-owner-read", false, true, "FULL_CONTROL id O;READ id B" },
        { "bucket-owner-full-control", false, true, "FULL_CONTROL id O;FULL_CONTROL id B" },
        { "bucket-owner-full-control", true, true, "FULL_CONTROL id O" },
        { "log-delivery-write", true, false, "WRITE uri http://acs.amazonaws.com/groups/s3/LogDelivery;READ_ACP uri http://acs.amazonaws.com/groups/s3/LogDelivery;FULL_CONTROL id O" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void TryExpand_KnownName_GivesS3Grants(string name, bool forBucket, bool otherBucketOwner, string expected)
    {
        Assert.True(CannedAcl.TryExpand(name, Owner, otherBucketOwner ? BucketOwner : Owner, forBucket, out var acl));

        var text = AclText.Format(acl.Grants).TrimEnd('\n').Replace('\n', ';').Replace(Owner, "O", StringComparison.Ordinal).Replace(BucketOwner, "B", StringComparison.Ordinal);
        Assert.Equal(expected, text);
        Assert.Equal(Owner, acl.OwnerId);
    }

    [Theory]
    [InlineData("Public-Read", false)]
    [InlineData("public_read", false)]
    [InlineData("", false)]
    [InlineData("log-delivery-write", false)]
    public void TryExpand_UnknownName_IsRefused(string name, bool forBucket)
    {
        Assert.False(CannedAcl.TryExpand(name, Owner, Owner, forBucket, out _));
    }
}

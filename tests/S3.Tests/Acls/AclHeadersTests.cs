using Coffer.Access.Acls;
using Coffer.S3.Acls;
using Coffer.S3.Errors;
using Coffer.S3.Http;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Tests.Acls;

public class AclHeadersTests
{
    private static readonly string Owner = CanonicalUser.AccountId;

    [Fact]
    public void Read_NoAclHeaders_IsNull()
    {
        Assert.Null(AclHeaders.Read(Headers(("Content-Type", "text/plain")), Owner, Owner, forBucket: false));
    }

    [Fact]
    public void Read_CannedPublicRead_IsOwnerFullControlAndAllUsersRead()
    {
        var acl = AclHeaders.Read(Headers(("x-amz-acl", "public-read")), Owner, Owner, forBucket: false)!;

        Assert.Equal([new(AclGrantee.AllUsers, AclPermission.Read), new(AclGrantee.User(Owner), AclPermission.FullControl)], acl.Grants);
    }

    [Fact]
    public void Read_GrantHeaders_AreTheWholeAclInHeaderOrder()
    {
        var acl = AclHeaders.Read(
            Headers(
                ("x-amz-grant-read", $"uri=\"{AclGrantee.AllUsersUri}\", uri=\"{AclGrantee.AuthenticatedUsersUri}\""),
                ("x-amz-grant-write-acp", $"id={Owner}")),
            Owner, Owner, forBucket: false)!;

        Assert.Equal(
            [new(AclGrantee.AllUsers, AclPermission.Read), new(AclGrantee.AuthenticatedUsers, AclPermission.Read), new(AclGrantee.User(Owner), AclPermission.WriteAcp)],
            acl.Grants);
    }

    [Fact]
    public void Read_CannedAndGrantHeaders_IsInvalidRequest()
    {
        var error = Assert.Throws<S3Exception>(() => AclHeaders.Read(
            Headers(("x-amz-acl", "private"), ("x-amz-grant-read", $"id=\"{Owner}\"")), Owner, Owner, forBucket: false));

        Assert.Equal(S3Error.InvalidRequest.Code, error.Error.Code);
    }

    [Theory]
    [InlineData("x-amz-acl", "public", "InvalidArgument")]
    [InlineData("x-amz-acl", "log-delivery-write", "InvalidArgument")]
    [InlineData("x-amz-grant-read", "id=\"s3talt\"", "InvalidArgument")]
    [InlineData("x-amz-grant-read", "uri=\"http://example.com/group\"", "InvalidArgument")]
    [InlineData("x-amz-grant-read", "name=\"x\"", "InvalidArgument")]
    [InlineData("x-amz-grant-read", "no-equals-sign", "InvalidArgument")]
    [InlineData("x-amz-grant-read", "", "InvalidArgument")]
    [InlineData("x-amz-grant-full-control", "emailAddress=\"alt@example.com\"", "UnresolvableGrantByEmailAddress")]
    public void Read_BadValue_IsRefusedWithS3sError(string header, string value, string code)
    {
        var error = Assert.Throws<S3Exception>(() => AclHeaders.Read(Headers((header, value)), Owner, Owner, forBucket: false));

        Assert.Equal(code, error.Error.Code);
    }

    [Fact]
    public void Read_LogDeliveryWriteOnABucket_GrantsLogDelivery()
    {
        var acl = AclHeaders.Read(Headers(("x-amz-acl", "log-delivery-write")), Owner, Owner, forBucket: true)!;

        Assert.Contains(new AclGrant(AclGrantee.LogDelivery, AclPermission.Write), acl.Grants);
    }

    private static HeaderDictionary Headers(params (string Name, string Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            dictionary[name] = value;
        }

        return dictionary;
    }
}

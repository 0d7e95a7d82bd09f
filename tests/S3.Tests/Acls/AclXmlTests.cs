using System.Text;
using System.Xml;
using System.Xml.Linq;

using Coffer.Access.Acls;
using Coffer.S3.Acls;
using Coffer.S3.Errors;
using Coffer.S3.Http;

namespace Coffer.S3.Tests.Acls;

public class AclXmlTests
{
    private const string Xsi = "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"";
    private static readonly string Owner = CanonicalUser.AccountId;

    [Fact]
    public void Read_PolicyWithUserAndGroupGrants_GivesThemInOrder()
    {
        var acl = AclXml.Read(Policy(
            Grant("CanonicalUser", $"<ID>{Owner}</ID><DisplayName>anything</DisplayName>", "FULL_CONTROL"),
            Grant("Group", $"<URI>{AclGrantee.AllUsersUri}</URI>", "READ"),
            Grant("Group", $"<URI>{AclGrantee.LogDeliveryUri}</URI>", "WRITE")), Owner);

        Assert.Equal(
            [new(AclGrantee.User(Owner), AclPermission.FullControl), new(AclGrantee.AllUsers, AclPermission.Read), new(AclGrantee.LogDelivery, AclPermission.Write)],
            acl.Grants);
    }

    [Fact]
    public void Write_ThenRead_RoundTrips()
    {
        var acl = new AccessControlList(Owner, [new(AclGrantee.AuthenticatedUsers, AclPermission.Read), new(AclGrantee.User(Owner), AclPermission.ReadAcp)]);

        var text = new StringBuilder();
        using (var xml = XmlWriter.Create(text))
        {
            AclXml.Write(xml, acl);
        }

        Assert.Equal(acl, AclXml.Read(XElement.Parse(text.ToString()), Owner));
        Assert.Contains("xsi:type=\"CanonicalUser\"", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("<DisplayName>root</DisplayName>", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_GrantsToUsersAndGroups_ListsGroupsFirstEachInOrder()
    {
        var acl = new AccessControlList(Owner,
        [
            new(AclGrantee.User(Owner), AclPermission.FullControl),
            new(AclGrantee.AllUsers, AclPermission.Read),
            new(AclGrantee.User(Owner), AclPermission.ReadAcp),
            new(AclGrantee.LogDelivery, AclPermission.Write),
        ]);

        var text = new StringBuilder();
        using (var xml = XmlWriter.Create(text))
        {
            AclXml.Write(xml, acl);
        }

        Assert.Equal(
            [acl.Grants[1], acl.Grants[3], acl.Grants[0], acl.Grants[2]],
            AclXml.Read(XElement.Parse(text.ToString()), Owner).Grants);
    }

    [Fact]
    public void Read_NoGrants_IsAnEmptyAcl()
    {
        Assert.Empty(AclXml.Read(Policy(), Owner).Grants);
    }

    [Theory]
    [InlineData("<Other/>")]
    [InlineData("<AccessControlPolicy><AccessControlList><Grant><Permission>READ</Permission></Grant></AccessControlList></AccessControlPolicy>")]
    public void Read_WrongShape_IsMalformedACLError(string document)
    {
        AssertRefused(S3Error.MalformedACLError, XElement.Parse(document));
    }

    [Theory]
    [InlineData("read")]
    [InlineData("FULL")]
    [InlineData("")]
    public void Read_UnknownPermission_IsMalformedACLError(string permission)
    {
        AssertRefused(S3Error.MalformedACLError, Policy(Grant("Group", $"<URI>{AclGrantee.AllUsersUri}</URI>", permission)));
    }

    [Fact]
    public void Read_UnknownGranteeType_IsMalformedACLError()
    {
        AssertRefused(S3Error.MalformedACLError, Policy(Grant("Somebody", "<ID>x</ID>", "READ")));
    }

    [Fact]
    public void Read_CanonicalIdOfNoKnownAccount_IsInvalidArgument()
    {
        AssertRefused(S3Error.InvalidArgument, Policy(Grant("CanonicalUser", "<ID>s3talt</ID>", "READ")));
    }

    [Fact]
    public void Read_UnknownGroup_IsInvalidArgument()
    {
        AssertRefused(S3Error.InvalidArgument, Policy(Grant("Group", "<URI>http://acs.amazonaws.com/groups/global/Nobody</URI>", "READ")));
    }

    [Fact]
    public void Read_EmailGrantee_IsUnresolvableGrantByEmailAddress()
    {
        AssertRefused(S3Error.UnresolvableGrantByEmailAddress, Policy(Grant("AmazonCustomerByEmail", "<EmailAddress>a@example.com</EmailAddress>", "READ")));
    }

    [Fact]
    public void Read_OwnerOfAnotherId_IsAccessDenied()
    {
        var document = XElement.Parse($"<AccessControlPolicy><Owner><ID>{new string('0', 64)}</ID></Owner><AccessControlList/></AccessControlPolicy>");

        AssertRefused(S3Error.AccessDenied, document);
    }

    private static void AssertRefused(S3Error expected, XElement document)
    {
        var error = Assert.Throws<S3Exception>(() => AclXml.Read(document, Owner));
        Assert.Equal(expected.Code, error.Error.Code);
    }

    private static XElement Policy(params string[] grants) => XElement.Parse(
        $"""<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>{Owner}</ID></Owner><AccessControlList>{string.Concat(grants)}</AccessControlList></AccessControlPolicy>""");

    private static string Grant(string type, string grantee, string permission) =>
        $"""<Grant><Grantee {Xsi} xsi:type="{type}">{grantee}</Grantee><Permission>{permission}</Permission></Grant>""";
}

using System.Xml;
using System.Xml.Linq;

using Coffer.Access.Acls;
using Coffer.S3.Errors;
using Coffer.S3.Http;
using Coffer.S3.Xml;

namespace Coffer.S3.Acls;

/// <summary>The AccessControlPolicy document of Get/PutBucketAcl and Get/PutObjectAcl.</summary>
public static class AclXml
{
    private const string XsiNamespace = "http://www.w3.org/2001/XMLSchema-instance";

    /// <summary>
    /// Reads a PutBucketAcl or PutObjectAcl body for a resource owned by <paramref name="ownerId"/>.
    /// The shape (root, grants, grantee types, permissions) is MalformedACLError when wrong; an
    /// Owner naming someone else is AccessDenied (the owner cannot be changed); an unknown
    /// canonical id or group is InvalidArgument, an e-mail grantee UnresolvableGrantByEmailAddress.
    /// </summary>
    public static AccessControlList Read(XElement? document, string ownerId)
    {
        if (document is null || document.Name.LocalName != "AccessControlPolicy")
        {
            throw Malformed();
        }

        if (document.Child("Owner") is { } owner && owner.Child("ID")?.Value.Trim() is { } claimed && claimed != ownerId)
        {
            throw new S3Exception(S3Error.AccessDenied);
        }

        var grants = new List<AclGrant>();
        foreach (var grant in document.Child("AccessControlList")?.Children("Grant") ?? [])
        {
            var grantee = grant.Child("Grantee") ?? throw Malformed();
            if (!AclPermissions.TryParse(grant.Child("Permission")?.Value.Trim(), out var permission))
            {
                throw Malformed();
            }

            grants.Add(new AclGrant(GranteeOf(grantee), permission));
        }

        return grants.Count <= AccessControlList.MaxGrants
            ? new AccessControlList(ownerId, grants)
            : throw new S3Exception(S3Error.MalformedACLError, "The ACL has more than 100 grants.");
    }

    /// <summary>The document as S3 returns it: the owner, then every grant, canonical users with their display name.</summary>
    public static void Write(XmlWriter xml, AccessControlList acl)
    {
        xml.WriteStartElement("AccessControlPolicy", S3Xml.Namespace);
        xml.WriteStartElement("Owner");
        WriteUser(xml, acl.OwnerId);
        xml.WriteEndElement();
        xml.WriteStartElement("AccessControlList");

        // Group grants first, then grants to users, each in the order given. S3 documents no
        // order; this is the one ceph's s3-tests compares against (it pairs grants up by position).
        foreach (var grant in acl.Grants.Where(g => g.Grantee.IsGroup).Concat(acl.Grants.Where(g => !g.Grantee.IsGroup)))
        {
            xml.WriteStartElement("Grant");
            xml.WriteStartElement("Grantee");
            xml.WriteAttributeString("xmlns", "xsi", null, XsiNamespace);
            if (grant.Grantee.GroupUri is { } uri)
            {
                xml.WriteAttributeString("xsi", "type", XsiNamespace, "Group");
                xml.WriteElementString("URI", uri);
            }
            else
            {
                xml.WriteAttributeString("xsi", "type", XsiNamespace, "CanonicalUser");
                WriteUser(xml, grant.Grantee.CanonicalId!);
            }

            xml.WriteEndElement();
            xml.WriteElementString("Permission", AclPermissions.Name(grant.Permission));
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void WriteUser(XmlWriter xml, string canonicalId)
    {
        xml.WriteElementString("ID", canonicalId);
        if (canonicalId == CanonicalUser.AccountId)
        {
            xml.WriteElementString("DisplayName", CanonicalUser.AccountDisplayName);
        }
    }

    private static AclGrantee GranteeOf(XElement grantee)
    {
        // xsi:type is required; clients write it with the XSI namespace, a few without one.
        var type = grantee.Attributes().FirstOrDefault(a => a.Name.LocalName == "type")?.Value.Trim();
        return type switch
        {
            "CanonicalUser" => AclGrantees.User(grantee.Child("ID")?.Value ?? throw Malformed()),
            "Group" => AclGrantees.Group(grantee.Child("URI")?.Value ?? throw Malformed()),
            "AmazonCustomerByEmail" => AclGrantees.Email(grantee.Child("EmailAddress")?.Value ?? throw Malformed()),
            _ => throw Malformed(),
        };
    }

    private static S3Exception Malformed() => new(S3Error.MalformedACLError);
}

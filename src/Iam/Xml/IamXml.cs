using System.Xml;

using Coffer.Engine.Identity;
using Coffer.Iam.Query;

namespace Coffer.Iam.Xml;

/// <summary>The elements IAM's answers share: users, groups, roles, policies, lists and paging.</summary>
internal static class IamXml
{
    /// <summary>
    /// A User, Group or Role element (or a list member) with the fields IAM gives each kind. A role
    /// carries its trust policy URL-encoded, as IAM sends every policy document.
    /// </summary>
    public static void WritePrincipal(XmlWriter xml, string element, IamPrincipal principal, IamArns arns)
    {
        var noun = principal.Kind.ToString();
        xml.WriteStartElement(element);
        xml.WriteElementString("Path", principal.Path);
        xml.WriteElementString(noun + "Name", principal.Name);
        xml.WriteElementString(noun + "Id", principal.Id);
        xml.WriteElementString("Arn", arns.Of(principal));
        xml.WriteElementString("CreateDate", QueryXml.Timestamp(principal.Created));
        if (principal.TrustPolicy is { } trust)
        {
            xml.WriteElementString("AssumeRolePolicyDocument", EncodeDocument(trust));
        }

        if (principal.MaxSessionSeconds is { } seconds)
        {
            xml.WriteElementString("MaxSessionDuration", QueryXml.Number(seconds));
        }

        xml.WriteEndElement();
    }

    /// <summary>
    /// A Policy element. Its one version is "v1" and was made when the policy was; AttachmentCount
    /// is left out rather than guessed, as the store does not count attachments.
    /// </summary>
    public static void WriteManagedPolicy(XmlWriter xml, string element, ManagedPolicy policy)
    {
        xml.WriteStartElement(element);
        xml.WriteElementString("PolicyName", policy.Name);
        xml.WriteElementString("PolicyId", policy.Id);
        xml.WriteElementString("Arn", policy.Arn);
        xml.WriteElementString("Path", policy.Path);
        xml.WriteElementString("DefaultVersionId", ManagedPolicyEngine.DefaultVersionId);
        xml.WriteElementString("IsAttachable", "true");
        if (policy.Description is { } description)
        {
            xml.WriteElementString("Description", description);
        }

        xml.WriteElementString("CreateDate", QueryXml.Timestamp(policy.Created));
        xml.WriteElementString("UpdateDate", QueryXml.Timestamp(policy.Created));
        xml.WriteEndElement();
    }

    /// <summary>A list element of <c>member</c> children, then IsTruncated and, on all but the last page, Marker.</summary>
    public static void WritePage<T>(XmlWriter xml, string listElement, Page<T> page, Action<XmlWriter, T> writeMember)
    {
        WriteList(xml, listElement, page.Items, writeMember);
        WritePaging(xml, page);
    }

    public static void WriteList<T>(XmlWriter xml, string listElement, IEnumerable<T> items, Action<XmlWriter, T> writeMember)
    {
        xml.WriteStartElement(listElement);
        foreach (var item in items)
        {
            writeMember(xml, item);
        }

        xml.WriteEndElement();
    }

    public static void WritePaging<T>(XmlWriter xml, Page<T> page)
    {
        xml.WriteElementString("IsTruncated", QueryXml.Boolean(page.IsTruncated));
        if (page.NextMarker is { } marker)
        {
            xml.WriteElementString("Marker", marker);
        }
    }

    /// <summary>IAM returns policy documents percent-encoded (RFC 3986); the SDKs and the CLI decode them.</summary>
    public static string EncodeDocument(string document) => Uri.EscapeDataString(document);
}

using System.Globalization;
using System.Xml;

using Coffer.Engine.Model;
using Coffer.S3.Http;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

/// <summary>The elements the three listings share.</summary>
internal static class ListingXml
{
    public static void Contents(XmlWriter xml, string element, ObjectInfo item, ListingParameters parameters, bool withOwner, Action<XmlWriter>? versionFields = null)
    {
        xml.WriteStartElement(element);
        xml.WriteElementString("Key", parameters.Out(item.Key));
        versionFields?.Invoke(xml);
        xml.WriteElementString("LastModified", S3Xml.Timestamp(item.LastModified));
        xml.WriteElementString("ETag", item.ETag);
        if (item.Checksum is { } checksum)
        {
            xml.WriteElementString("ChecksumAlgorithm", Engine.Checksums.ChecksumNames.Of(checksum.Algorithm));
            xml.WriteElementString("ChecksumType", "FULL_OBJECT");
        }

        xml.WriteElementString("Size", item.Size.ToString(CultureInfo.InvariantCulture));
        if (withOwner)
        {
            Owner(xml, item.Owner);
        }

        xml.WriteElementString("StorageClass", item.StorageClass);
        xml.WriteEndElement();
    }

    /// <param name="element">Owner, or Initiator for the one who started a multipart upload.</param>
    public static void Owner(XmlWriter xml, string principal, string element = "Owner")
    {
        xml.WriteStartElement(element);
        xml.WriteElementString("ID", CanonicalUser.IdOf(principal));
        xml.WriteElementString("DisplayName", principal);
        xml.WriteEndElement();
    }

    public static void CommonPrefixes(XmlWriter xml, IReadOnlyList<string> prefixes, ListingParameters parameters)
    {
        foreach (var prefix in prefixes)
        {
            xml.WriteStartElement("CommonPrefixes");
            xml.WriteElementString("Prefix", parameters.Out(prefix));
            xml.WriteEndElement();
        }
    }

    public static string Bool(bool value) => value ? "true" : "false";

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}

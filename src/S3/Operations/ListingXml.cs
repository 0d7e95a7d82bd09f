using System.Globalization;
using System.Xml;

using Coffer.Engine.Model;
using Coffer.S3.Http;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

/// <summary>The elements the three listings share.</summary>
internal static class ListingXml
{
    [ThreadStatic]
    private static char[]? s_scratch;

    public static void Contents(XmlWriter xml, string element, ObjectInfo item, ListingParameters parameters, bool withOwner, Action<XmlWriter>? versionFields = null)
    {
        xml.WriteStartElement(element);
        xml.WriteElementString("Key", parameters.Out(item.Key));
        versionFields?.Invoke(xml);
        WriteFormatted(xml, "LastModified", item.LastModified.UtcDateTime, S3Xml.TimestampFormat);
        xml.WriteElementString("ETag", item.ETag);
        if (item.Checksum is { } checksum)
        {
            xml.WriteElementString("ChecksumAlgorithm", Engine.Checksums.ChecksumNames.Of(checksum.Algorithm));
            xml.WriteElementString("ChecksumType", "FULL_OBJECT");
        }

        WriteFormatted(xml, "Size", item.Size, default);
        if (withOwner)
        {
            Owner(xml, item.Attributes.Owner);
        }

        xml.WriteElementString("StorageClass", item.Attributes.StorageClass);
        if (parameters.WithRestoreStatus && item.Restore is { } restore)
        {
            xml.WriteStartElement("RestoreStatus");
            xml.WriteElementString("IsRestoreInProgress", Bool(restore.IsOngoing));
            if (restore.ExpiresAt is { } expires)
            {
                WriteFormatted(xml, "RestoreExpiryDate", expires.UtcDateTime, S3Xml.TimestampFormat);
            }

            xml.WriteEndElement();
        }

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

    /// <summary>
    /// An element holding a number or a timestamp, formatted into a scratch buffer rather than a
    /// string: a 1,000-key page otherwise allocates two strings per key for them. Their text never
    /// needs escaping, so it is written raw.
    /// </summary>
    private static void WriteFormatted<T>(XmlWriter xml, string element, T value, ReadOnlySpan<char> format)
        where T : ISpanFormattable
    {
        var scratch = s_scratch ??= new char[64];
        if (!value.TryFormat(scratch, out var written, format, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"{value} does not fit the {element} buffer.");
        }

        xml.WriteStartElement(element);
        xml.WriteRaw(scratch, 0, written);
        xml.WriteEndElement();
    }

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}

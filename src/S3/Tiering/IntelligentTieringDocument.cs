using System.Globalization;
using System.Xml;
using System.Xml.Linq;

using Coffer.Engine.Model;
using Coffer.Engine.Tiering;
using Coffer.S3.Xml;

using static Coffer.S3.Xml.SchemaReader;

namespace Coffer.S3.Tiering;

/// <summary>
/// S3's IntelligentTieringConfiguration document (Put/Get/ListBucketIntelligentTieringConfiguration), read into the
/// engine's typed configuration and written back in the form it came in. Its shape is judged here (MalformedXML); the
/// values (ID, days per tier) by the engine's <see cref="IntelligentTieringValidation"/>.
/// See https://docs.aws.amazon.com/AmazonS3/latest/API/API_IntelligentTieringConfiguration.html
/// </summary>
public static class IntelligentTieringDocument
{
    private const string ArchiveAccess = "ARCHIVE_ACCESS";
    private const string DeepArchiveAccess = "DEEP_ARCHIVE_ACCESS";

    public static IntelligentTieringConfiguration Read(XElement? document)
    {
        if (document is not { Name.LocalName: "IntelligentTieringConfiguration" })
        {
            throw Malformed();
        }

        RequireKnown(document, "Id", "Filter", "Status", "Tiering");
        var (prefix, tags, shape) = Optional(document, "Filter") is { } filter ? FilterOf(filter) : ("", [], IntelligentTieringFilterShape.None);
        return new IntelligentTieringConfiguration
        {
            Id = One(document, "Id"),
            Enabled = One(document, "Status") switch
            {
                "Enabled" => true,
                "Disabled" => false,
                _ => throw Malformed(),
            },
            Prefix = prefix,
            Tags = tags,
            FilterShape = shape,
            Tierings = [.. document.Children("Tiering").Select(TieringOf)],
        };
    }

    public static void Write(XmlWriter xml, IntelligentTieringConfiguration configuration, bool asDocument = true)
    {
        ArgumentNullException.ThrowIfNull(xml);
        ArgumentNullException.ThrowIfNull(configuration);
        if (asDocument)
        {
            xml.WriteStartElement("IntelligentTieringConfiguration", S3Xml.Namespace);
        }
        else
        {
            xml.WriteStartElement("IntelligentTieringConfiguration");
        }

        xml.WriteElementString("Id", configuration.Id);
        WriteFilter(xml, configuration);
        xml.WriteElementString("Status", configuration.Enabled ? "Enabled" : "Disabled");
        foreach (var tiering in configuration.Tierings)
        {
            xml.WriteStartElement("Tiering");
            xml.WriteElementString("Days", tiering.Days.ToString(CultureInfo.InvariantCulture));
            xml.WriteElementString("AccessTier", tiering.AccessTier == IntelligentTieringAccessTier.ArchiveAccess ? ArchiveAccess : DeepArchiveAccess);
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static (string Prefix, IReadOnlyList<Tag> Tags, IntelligentTieringFilterShape Shape) FilterOf(XElement filter)
    {
        RequireKnown(filter, "Prefix", "Tag", "And");
        switch (filter.Elements().ToList())
        {
            case []:
                return ("", [], IntelligentTieringFilterShape.Empty);
            case [{ Name.LocalName: "Prefix" } prefix]:
                return (Text(prefix), [], IntelligentTieringFilterShape.Prefix);
            case [{ Name.LocalName: "Tag" } tag]:
                return ("", [TagOf(tag)], IntelligentTieringFilterShape.Tag);
            case [{ Name.LocalName: "And" } and]:
                RequireKnown(and, "Prefix", "Tag");
                return and.HasElements
                    ? (OptionalText(and, "Prefix") ?? "", [.. and.Children("Tag").Select(TagOf)], IntelligentTieringFilterShape.And)
                    : throw Malformed();
            default:
                // Two conditions need And around them.
                throw Malformed();
        }
    }

    private static Tag TagOf(XElement tag)
    {
        RequireKnown(tag, "Key", "Value");
        return new Tag(One(tag, "Key"), One(tag, "Value"));
    }

    private static IntelligentTiering TieringOf(XElement tiering)
    {
        RequireKnown(tiering, "AccessTier", "Days");
        var tier = One(tiering, "AccessTier") switch
        {
            ArchiveAccess => IntelligentTieringAccessTier.ArchiveAccess,
            DeepArchiveAccess => IntelligentTieringAccessTier.DeepArchiveAccess,
            _ => throw Malformed(),
        };
        return new IntelligentTiering(tier, OptionalInt(tiering, "Days") ?? throw Malformed());
    }

    private static void WriteFilter(XmlWriter xml, IntelligentTieringConfiguration configuration)
    {
        if (configuration.FilterShape == IntelligentTieringFilterShape.None)
        {
            return;
        }

        xml.WriteStartElement("Filter");
        var and = configuration.FilterShape == IntelligentTieringFilterShape.And;
        if (and)
        {
            xml.WriteStartElement("And");
        }

        if (configuration.FilterShape == IntelligentTieringFilterShape.Prefix || (and && configuration.Prefix.Length > 0))
        {
            xml.WriteElementString("Prefix", configuration.Prefix);
        }

        foreach (var tag in configuration.Tags)
        {
            xml.WriteStartElement("Tag");
            xml.WriteElementString("Key", tag.Key);
            xml.WriteElementString("Value", tag.Value);
            xml.WriteEndElement();
        }

        if (and)
        {
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }
}

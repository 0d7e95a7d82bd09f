using System.Xml;
using System.Xml.Linq;

using Coffer.Engine.Errors;
using Coffer.Engine.Model;
using Coffer.S3.Errors;
using Coffer.S3.Xml;

namespace Coffer.S3.Tagging;

/// <summary>
/// S3's Tagging document, <c>&lt;Tagging&gt;&lt;TagSet&gt;&lt;Tag&gt;&lt;Key/&gt;&lt;Value/&gt;&lt;/Tag&gt;…</c>: the body of
/// PutObjectTagging and PutBucketTagging, and the value of a POST form's tagging field.
/// </summary>
public static class TaggingDocument
{
    /// <exception cref="S3Exception">
    /// MalformedXML for anything but that shape (another root, no TagSet, a Tag without its Key or Value, or with
    /// either twice); InvalidTag for a tag rule broken (see <see cref="TagSet"/>).
    /// </exception>
    public static TagSet Parse(XElement? document, TagSetOwner owner)
    {
        if (document is not { Name.LocalName: "Tagging" } || document.Children("TagSet").Count() != 1)
        {
            throw new S3Exception(S3Error.MalformedXML);
        }

        var tags = new List<Tag>();
        foreach (var element in document.Child("TagSet")!.Elements())
        {
            if (element.Name.LocalName != "Tag"
                || element.Children("Key").Count() != 1
                || element.Children("Value").Count() != 1
                || element.Elements().Count() != 2)
            {
                throw new S3Exception(S3Error.MalformedXML);
            }

            tags.Add(new Tag(element.Child("Key")!.Value, element.Child("Value")!.Value));
        }

        return Checked(tags, owner);
    }

    /// <summary>The tags as a <see cref="TagSet"/>, a rule broken being S3's InvalidTag (whichever form they came in).</summary>
    internal static TagSet Checked(IReadOnlyList<Tag> tags, TagSetOwner owner)
    {
        try
        {
            return TagSet.Create(tags, owner);
        }
        catch (EngineException broken)
        {
            throw EngineErrors.ToS3(broken);
        }
    }

    /// <summary>
    /// Writes the Tagging document GetObjectTagging and GetBucketTagging answer with, and PutBucketTagging stores: the
    /// tags in their stored order, an empty TagSet when there are none.
    /// </summary>
    public static void Write(XmlWriter xml, TagSet tags)
    {
        xml.WriteStartElement("Tagging", S3Xml.Namespace);
        xml.WriteStartElement("TagSet");
        foreach (var tag in tags.Tags)
        {
            xml.WriteStartElement("Tag");
            xml.WriteElementString("Key", tag.Key);
            xml.WriteElementString("Value", tag.Value);
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    /// <summary>The POST form's tagging field: a Tagging document as text.</summary>
    public static TagSet ParseText(string text, TagSetOwner owner) =>
        Parse(XmlRequestReader.Parse(System.Text.Encoding.UTF8.GetBytes(text)), owner);
}

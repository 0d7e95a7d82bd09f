using System.Xml;
using System.Xml.Linq;

using Coffer.Engine.Buckets;
using Coffer.Engine.Model;
using Coffer.S3.Errors;
using Coffer.S3.Xml;

namespace Coffer.S3.PublicAccess;

/// <summary>
/// A bucket's public access block, S3's four switches over what may be public. Coffer honours
/// <see cref="BlockPublicPolicy"/> (a public bucket policy is refused) and
/// <see cref="RestrictPublicBuckets"/> (a public policy grants nothing to unsigned requests);
/// the two ACL switches are kept for when ACLs exist.
/// </summary>
public sealed record PublicAccessBlock(bool BlockPublicAcls, bool IgnorePublicAcls, bool BlockPublicPolicy, bool RestrictPublicBuckets)
{
    /// <summary>What a bucket without a configuration behaves as: nothing blocked.</summary>
    public static readonly PublicAccessBlock None = new(false, false, false, false);

    private static readonly string[] Switches = ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"];

    /// <summary>The bucket's configuration; <see cref="None"/> when it has none.</summary>
    public static async Task<PublicAccessBlock> FindAsync(BucketSettings settings, BucketName bucket, CancellationToken cancellationToken) =>
        await settings.FindAsync(bucket, BucketSettingName.PublicAccessBlock, cancellationToken) is { } stored
            ? FromStored(stored)
            : None;

    /// <summary>A configuration as <see cref="ToXml"/> stored it.</summary>
    public static PublicAccessBlock FromStored(string stored) => Parse(XmlRequestReader.Parse(System.Text.Encoding.UTF8.GetBytes(stored)));

    /// <summary>
    /// &lt;PublicAccessBlockConfiguration&gt; with any of the four switches as "true" or "false";
    /// one left out is false, as S3 reads it. Anything else is MalformedXML.
    /// </summary>
    public static PublicAccessBlock Parse(XElement? document)
    {
        if (document is null || document.Name.LocalName != "PublicAccessBlockConfiguration"
            || document.Elements().Any(element => !Switches.Contains(element.Name.LocalName, StringComparer.Ordinal)))
        {
            throw new S3Exception(S3Error.MalformedXML);
        }

        bool Switch(string name) => document.Child(name)?.Value.Trim() switch
        {
            null or "false" => false,
            "true" => true,
            _ => throw new S3Exception(S3Error.MalformedXML),
        };

        return new PublicAccessBlock(Switch(Switches[0]), Switch(Switches[1]), Switch(Switches[2]), Switch(Switches[3]));
    }

    /// <summary>The document as S3 returns it, and as it is stored.</summary>
    public void Write(XmlWriter xml)
    {
        xml.WriteStartElement("PublicAccessBlockConfiguration", S3Xml.Namespace);
        xml.WriteElementString(Switches[0], Text(BlockPublicAcls));
        xml.WriteElementString(Switches[1], Text(IgnorePublicAcls));
        xml.WriteElementString(Switches[2], Text(BlockPublicPolicy));
        xml.WriteElementString(Switches[3], Text(RestrictPublicBuckets));
        xml.WriteEndElement();
    }

    public string ToXml()
    {
        var text = new System.Text.StringBuilder();
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { OmitXmlDeclaration = true }))
        {
            Write(xml);
        }

        return text.ToString();
    }

    private static string Text(bool value) => value ? "true" : "false";
}

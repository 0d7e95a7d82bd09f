using System.Xml;
using System.Xml.Linq;

using Coffer.Engine.Buckets;
using Coffer.Engine.Model;
using Coffer.S3.Errors;
using Coffer.S3.Xml;

namespace Coffer.S3.Acls;

/// <summary>
/// A bucket's object ownership rule (S3's OwnershipControls, one rule). With one account, the
/// object writer is always the bucket owner, so the rules differ only in whether ACLs are on.
/// </summary>
public enum ObjectOwnership
{
    /// <summary>ACLs work; the writer owns what it writes. Coffer's default, see <see cref="ObjectOwnershipRules.Default"/>.</summary>
    ObjectWriter,

    /// <summary>ACLs work; an object written with bucket-owner-full-control belongs to the bucket owner.</summary>
    BucketOwnerPreferred,

    /// <summary>ACLs are off: only the owner's full control may be set, and ACLs grant nothing.</summary>
    BucketOwnerEnforced,
}

public static class ObjectOwnershipRules
{
    /// <summary>
    /// What a bucket without ownership controls behaves as. S3 makes new buckets
    /// BucketOwnerEnforced since 2023, but Coffer's clients (Strapi's upload provider, which
    /// writes public-read objects; ceph's s3-tests) expect ACLs on a bucket created by a plain
    /// CreateBucket, so Coffer keeps ACLs on unless asked otherwise.
    /// </summary>
    public const ObjectOwnership Default = ObjectOwnership.ObjectWriter;

    public static bool TryParse(string? text, out ObjectOwnership ownership)
    {
        (var known, ownership) = text switch
        {
            "ObjectWriter" => (true, ObjectOwnership.ObjectWriter),
            "BucketOwnerPreferred" => (true, ObjectOwnership.BucketOwnerPreferred),
            "BucketOwnerEnforced" => (true, ObjectOwnership.BucketOwnerEnforced),
            _ => (false, Default),
        };
        return known;
    }

    /// <summary>The stored rule, or null when the bucket has no ownership controls.</summary>
    public static async Task<ObjectOwnership?> FindStoredAsync(BucketSettings settings, BucketName bucket, CancellationToken cancellationToken) =>
        await settings.FindAsync(bucket, BucketSettingName.OwnershipControls, cancellationToken) is { } stored && TryParse(stored, out var rule)
            ? rule
            : null;

    /// <summary>The rule in force: the stored one, else <see cref="Default"/>.</summary>
    public static async Task<ObjectOwnership> FindAsync(BucketSettings settings, BucketName bucket, CancellationToken cancellationToken) =>
        await FindStoredAsync(settings, bucket, cancellationToken) ?? Default;

    /// <summary>
    /// &lt;OwnershipControls&gt;&lt;Rule&gt;&lt;ObjectOwnership&gt;…: exactly one rule, as S3 requires;
    /// anything else is MalformedXML.
    /// </summary>
    public static ObjectOwnership Parse(XElement? document)
    {
        if (document is null || document.Name.LocalName != "OwnershipControls"
            || document.Elements().ToList() is not [{ Name.LocalName: "Rule" } rule]
            || rule.Elements().ToList() is not [{ Name.LocalName: "ObjectOwnership" } value]
            || !TryParse(value.Value.Trim(), out var ownership))
        {
            throw new S3Exception(S3Error.MalformedXML);
        }

        return ownership;
    }

    public static void Write(XmlWriter xml, ObjectOwnership ownership)
    {
        xml.WriteStartElement("OwnershipControls", S3Xml.Namespace);
        xml.WriteStartElement("Rule");
        xml.WriteElementString("ObjectOwnership", ownership.ToString());
        xml.WriteEndElement();
        xml.WriteEndElement();
    }
}

using System.Text;
using System.Xml;

using Coffer.Engine.Buckets;
using Coffer.Engine.Model;

namespace Coffer.S3.Tagging;

/// <summary>A bucket's tags, kept as its <see cref="BucketSettingName.Tagging"/> document in Coffer's own writing.</summary>
public static class BucketTags
{
    // A carriage return in a value (white space, which tags allow) must read back as one, not as a line feed.
    private static readonly XmlWriterSettings DocumentSettings = new() { OmitXmlDeclaration = true, Indent = false, NewLineHandling = NewLineHandling.Entitize };

    /// <summary>The tags; null when the bucket has none; the engine's NoSuchBucket when it does not exist.</summary>
    public static async Task<TagSet?> GetAsync(BucketSettings settings, BucketName bucket, CancellationToken cancellationToken) =>
        await settings.GetAsync(bucket, BucketSettingName.Tagging, cancellationToken) is { } document
            ? TaggingDocument.ParseText(document, TagSetOwner.Bucket)
            : null;

    /// <summary>Replaces the bucket's tags; the empty set is stored as such (GetBucketTagging then answers an empty TagSet).</summary>
    public static Task PutAsync(BucketSettings settings, BucketName bucket, TagSet tags, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        using (var xml = XmlWriter.Create(text, DocumentSettings))
        {
            TaggingDocument.Write(xml, tags);
        }

        return settings.PutAsync(bucket, BucketSettingName.Tagging, text.ToString(), cancellationToken);
    }
}

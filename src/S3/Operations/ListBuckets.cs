using System.Globalization;

using Coffer.S3.Errors;
using Coffer.S3.Http;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

internal static class ListBuckets
{
    private const int MaxPage = 10_000;

    public static async Task HandleAsync(S3Request request)
    {
        var buckets = await request.Services.Buckets.ListAsync(request.Aborted);
        var prefix = request.Query("prefix") ?? "";
        var region = request.Query("bucket-region");
        var maxBuckets = MaxBucketsOf(request.Query("max-buckets"));

        // The token is the last name of the previous page; names sort, so the next page starts after it.
        var token = request.Query("continuation-token");
        var after = string.IsNullOrEmpty(token) ? null : ContinuationToken.Decode(token);

        var page = buckets
            .Where(b => b.Name.StartsWith(prefix, StringComparison.Ordinal))
            .Where(b => region is null || b.Region == region)
            .Where(b => after is null || string.CompareOrdinal(b.Name, after) > 0)
            .Take(maxBuckets + 1)
            .ToList();
        var truncated = page.Count > maxBuckets;
        if (truncated)
        {
            page.RemoveAt(page.Count - 1);
        }

        await XmlResponse.WriteAsync(request.Response, 200, xml =>
        {
            xml.WriteStartElement("ListAllMyBucketsResult", S3Xml.Namespace);
            xml.WriteStartElement("Owner");
            xml.WriteElementString("ID", CanonicalUser.IdOf(request.Principal));
            xml.WriteElementString("DisplayName", request.Principal);
            xml.WriteEndElement();
            xml.WriteStartElement("Buckets");
            foreach (var bucket in page)
            {
                xml.WriteStartElement("Bucket");
                xml.WriteElementString("Name", bucket.Name);
                xml.WriteElementString("CreationDate", S3Xml.Timestamp(bucket.CreatedAt));
                xml.WriteElementString("BucketRegion", bucket.Region);
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            if (truncated)
            {
                xml.WriteElementString("ContinuationToken", ContinuationToken.Encode(page[^1].Name));
            }

            if (prefix.Length > 0)
            {
                xml.WriteElementString("Prefix", prefix);
            }

            xml.WriteEndElement();
        }, request.Aborted);
    }

    private static int MaxBucketsOf(string? text)
    {
        if (text is null)
        {
            return MaxPage;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= MaxPage
            ? value
            : throw new S3Exception(S3Error.InvalidArgument, "Argument max-buckets must be an integer between 1 and 10000.");
    }
}

using System.Buffers.Text;
using System.Text;
using System.Xml;

using Coffer.Engine.Listing;
using Coffer.S3.Errors;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

internal static class ListObjectsV2
{
    public static async Task HandleAsync(S3Request request)
    {
        var bucket = Names.Bucket(request);
        var parameters = ListingParameters.Read(request);
        var continuation = request.Query("continuation-token");
        var startAfter = request.Query("start-after");
        var fetchOwner = string.Equals(request.Query("fetch-owner"), "true", StringComparison.OrdinalIgnoreCase);

        // The token wins over start-after: it already lies past it.
        var after = !string.IsNullOrEmpty(continuation) ? ContinuationToken.Decode(continuation) : startAfter;
        var page = await request.Services.Lister.ListAsync(
            new ListRequest { Bucket = bucket, Prefix = parameters.Prefix, Delimiter = parameters.Delimiter, After = after, MaxKeys = parameters.MaxKeys },
            request.Aborted);

        var echo = new ListObjectsV2Echo(bucket.Value, parameters, continuation, startAfter, fetchOwner);
        await XmlResponse.WriteAsync(request.Response, 200, xml => WriteResult(xml, echo, page), request.Aborted);
    }

    /// <summary>The ListBucketResult document of one page; apart from HandleAsync, the XML benchmark calls it.</summary>
    public static void WriteResult(XmlWriter xml, ListObjectsV2Echo echo, ListPage page)
    {
        var parameters = echo.Parameters;
        xml.WriteStartElement("ListBucketResult", S3Xml.Namespace);
        xml.WriteElementString("Name", echo.Bucket);
        xml.WriteElementString("Prefix", parameters.Out(parameters.Prefix));
        xml.WriteElementString("MaxKeys", ListingXml.Number(parameters.MaxKeys));
        xml.WriteElementString("KeyCount", ListingXml.Number(page.Objects.Count + page.CommonPrefixes.Count));
        xml.Element("Delimiter", parameters.Delimiter is null ? null : parameters.Out(parameters.Delimiter));
        xml.WriteElementString("IsTruncated", ListingXml.Bool(page.IsTruncated));
        xml.Element("ContinuationToken", echo.ContinuationToken);
        if (page.IsTruncated && page.LastReturned is { } last)
        {
            xml.WriteElementString("NextContinuationToken", ContinuationToken.Encode(last));
        }

        xml.Element("StartAfter", echo.StartAfter is null ? null : parameters.Out(echo.StartAfter));
        if (parameters.UrlEncode)
        {
            xml.WriteElementString("EncodingType", "url");
        }

        foreach (var item in page.Objects)
        {
            ListingXml.Contents(xml, "Contents", item, parameters, withOwner: echo.FetchOwner);
        }

        ListingXml.CommonPrefixes(xml, page.CommonPrefixes, parameters);
        xml.WriteEndElement();
    }
}

/// <summary>What a ListObjectsV2 response repeats from its request, beside the page itself.</summary>
internal sealed record ListObjectsV2Echo(string Bucket, ListingParameters Parameters, string? ContinuationToken, string? StartAfter, bool FetchOwner);

/// <summary>
/// The opaque continuation token: the last key or common prefix returned, base64url-encoded.
/// Clients must not parse it, and a key stays a key, so nothing more is needed.
/// </summary>
internal static class ContinuationToken
{
    public static string Encode(string lastReturned) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(lastReturned));

    public static string Decode(string token)
    {
        try
        {
            var bytes = Base64Url.DecodeFromChars(token);
            return bytes.Length == 0 ? throw new FormatException() : new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (Exception error) when (error is FormatException or DecoderFallbackException)
        {
            throw new S3Exception(S3Error.InvalidArgument, "The continuation token provided is incorrect");
        }
    }
}

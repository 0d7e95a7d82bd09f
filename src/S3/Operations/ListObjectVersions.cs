using System.Xml;

using Coffer.Engine.Listing;
using Coffer.Engine.Model;
using Coffer.S3.Errors;
using Coffer.S3.Http;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

/// <summary>
/// Every version and delete marker of a bucket, by key, newest first within a key; the conformance suite also lists
/// and empties every bucket through this operation.
/// </summary>
internal static class ListObjectVersions
{
    public static async Task HandleAsync(S3Request request)
    {
        var bucket = Names.Bucket(request);
        var parameters = ListingParameters.Read(request);
        var keyMarker = request.Query("key-marker") ?? "";
        var versionIdMarker = request.Query("version-id-marker");
        var page = await request.Services.Versions.ListAsync(
            new VersionListRequest
            {
                Bucket = bucket,
                Prefix = parameters.Prefix,
                Delimiter = parameters.Delimiter,
                KeyMarker = keyMarker,
                VersionIdMarker = VersionIdMarker(keyMarker, versionIdMarker),
                MaxKeys = parameters.MaxKeys,
            },
            request.Aborted);

        var echo = new ListObjectVersionsEcho(bucket.Value, parameters, keyMarker, versionIdMarker ?? "");
        await XmlResponse.WriteAsync(request.Response, 200, xml => WriteResult(xml, echo, page), request.Aborted);
    }

    /// <summary>The ListVersionsResult document of one page; apart from HandleAsync, the XML tests call it.</summary>
    public static void WriteResult(XmlWriter xml, ListObjectVersionsEcho echo, VersionListPage page)
    {
        var parameters = echo.Parameters;
        xml.WriteStartElement("ListVersionsResult", S3Xml.Namespace);
        xml.WriteElementString("Name", echo.Bucket);
        xml.WriteElementString("Prefix", parameters.Out(parameters.Prefix));
        xml.WriteElementString("KeyMarker", parameters.Out(echo.KeyMarker));
        xml.WriteElementString("VersionIdMarker", echo.VersionIdMarker);
        xml.WriteElementString("MaxKeys", ListingXml.Number(parameters.MaxKeys));
        xml.Element("Delimiter", parameters.Delimiter is null ? null : parameters.Out(parameters.Delimiter));
        xml.WriteElementString("IsTruncated", ListingXml.Bool(page.IsTruncated));
        if (page.IsTruncated && page.NextKeyMarker is { } nextKey)
        {
            xml.WriteElementString("NextKeyMarker", parameters.Out(nextKey));
            xml.Element("NextVersionIdMarker", page.NextVersionIdMarker);
        }

        if (parameters.UrlEncode)
        {
            xml.WriteElementString("EncodingType", "url");
        }

        // Versions and delete markers interleaved, in listing order, as S3 sends them.
        foreach (var item in page.Versions)
        {
            if (item.IsDeleteMarker)
            {
                DeleteMarker(xml, item, parameters);
                continue;
            }

            ListingXml.Contents(xml, "Version", item, parameters, withOwner: true, versionFields: x =>
            {
                x.WriteElementString("VersionId", item.VersionId);
                x.WriteElementString("IsLatest", ListingXml.Bool(item.IsLatest));
            });
        }

        ListingXml.CommonPrefixes(xml, page.CommonPrefixes, parameters);
        xml.WriteEndElement();
    }

    private static void DeleteMarker(XmlWriter xml, ObjectInfo marker, ListingParameters parameters)
    {
        xml.WriteStartElement("DeleteMarker");
        xml.WriteElementString("Key", parameters.Out(marker.Key));
        xml.WriteElementString("VersionId", marker.VersionId);
        xml.WriteElementString("IsLatest", ListingXml.Bool(marker.IsLatest));
        xml.WriteElementString("LastModified", marker.LastModified.UtcDateTime.ToString(S3Xml.TimestampFormat, System.Globalization.CultureInfo.InvariantCulture));
        ListingXml.Owner(xml, marker.Attributes.Owner);
        xml.WriteEndElement();
    }

    /// <summary>
    /// S3 refuses a version-id marker without a key marker, and one that names no version it could have issued
    /// (both 400 InvalidArgument); an empty one counts as absent, like an empty key marker.
    /// </summary>
    private static VersionId? VersionIdMarker(string keyMarker, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (keyMarker.Length == 0)
        {
            throw new S3Exception(
                S3Error.InvalidArgument,
                "A version-id marker cannot be specified without a key marker.",
                [new("ArgumentName", "version-id-marker"), new("ArgumentValue", text)]);
        }

        return VersionIdParameter.Parse(text, "version-id-marker", text);
    }
}

/// <summary>What a ListObjectVersions response repeats from its request, beside the page itself.</summary>
internal sealed record ListObjectVersionsEcho(string Bucket, ListingParameters Parameters, string KeyMarker, string VersionIdMarker);

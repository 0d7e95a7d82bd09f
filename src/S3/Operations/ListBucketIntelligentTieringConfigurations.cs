using System.Buffers.Text;
using System.Text;

using Coffer.S3.Errors;
using Coffer.S3.Tiering;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

/// <summary>
/// The bucket's Intelligent-Tiering configurations in ID order, 100 a page as S3 pages them; the continuation token is
/// the last ID of the page before (base64url), so a page follows on from where the last one ended even when
/// configurations were added or removed between the two requests.
/// </summary>
internal static class ListBucketIntelligentTieringConfigurations
{
    public const int PageSize = 100;

    public static async Task HandleAsync(S3Request request)
    {
        var token = request.Query("continuation-token");
        var after = token is null ? null : Decode(token);
        var all = await request.Services.IntelligentTiering.ListAsync(Names.Bucket(request), request.Aborted);
        var rest = after is null ? all : [.. all.Where(c => string.CompareOrdinal(c.Id, after) > 0)];
        var page = rest.Take(PageSize).ToList();
        var truncated = rest.Count > page.Count;

        await XmlResponse.WriteAsync(request.Response, 200, xml =>
        {
            xml.WriteStartElement("ListBucketIntelligentTieringConfigurationsOutput", S3Xml.Namespace);
            xml.WriteElementString("IsTruncated", truncated ? "true" : "false");
            if (token is not null)
            {
                xml.WriteElementString("ContinuationToken", token);
            }

            if (truncated)
            {
                xml.WriteElementString("NextContinuationToken", Base64Url.EncodeToString(Encoding.UTF8.GetBytes(page[^1].Id)));
            }

            foreach (var configuration in page)
            {
                IntelligentTieringDocument.Write(xml, configuration, asDocument: false);
            }

            xml.WriteEndElement();
        }, request.Aborted);
    }

    private static string Decode(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            throw new S3Exception(S3Error.InvalidArgument, "The continuation token provided is incorrect", [new("ArgumentName", "continuation-token")]);
        }
    }
}

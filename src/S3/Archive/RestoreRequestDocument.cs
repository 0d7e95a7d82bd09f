using System.Globalization;
using System.Xml.Linq;

using Coffer.Engine.Model;
using Coffer.S3.Errors;
using Coffer.S3.Xml;

namespace Coffer.S3.Archive;

/// <summary>
/// S3's RestoreRequest document, as far as an archive restore goes: Days and GlacierJobParameters/Tier. A SELECT
/// restore (Type, SelectParameters, OutputLocation) is a feature S3 itself has retired, and Coffer refuses it with 501
/// rather than restore the object and drop the query.
/// </summary>
public static class RestoreRequestDocument
{
    /// <exception cref="S3Exception">
    /// MalformedXML for another shape, a Days that is not a number or a tier S3 does not name; InvalidArgument for Days
    /// not positive; NotImplemented for a SELECT restore. Days may be missing (null): whether the object needs them
    /// (an archive class does, an Intelligent-Tiering archive tier refuses them) is the engine's to say.
    /// </exception>
    public static (int? Days, RetrievalTier Tier) Parse(XElement? document)
    {
        if (document is not { Name.LocalName: "RestoreRequest" })
        {
            throw Malformed();
        }

        foreach (var unbuilt in new[] { "Type", "SelectParameters", "OutputLocation" })
        {
            if (document.Child(unbuilt) is not null)
            {
                throw new S3Exception(S3Error.NotImplemented, $"Coffer does not implement restores of type SELECT ({unbuilt}): nothing was restored.");
            }
        }

        int? days = document.Child("Days") is { } daysElement
            ? int.TryParse(daysElement.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : throw Malformed()
            : null;
        if (days < 1)
        {
            throw new S3Exception(S3Error.InvalidArgument, "Days must be a positive integer.", [new("ArgumentName", "Days"), new("ArgumentValue", days.Value.ToString(CultureInfo.InvariantCulture))]);
        }

        // GlacierJobParameters/Tier is the archive's tier; a Tier directly in the request is SELECT's, and it is read as
        // the same choice when it comes alone, as the SDKs that predate GlacierJobParameters send it.
        var tierText = document.Child("GlacierJobParameters") is { } job
            ? job.Child("Tier")?.Value ?? throw Malformed()
            : document.Child("Tier")?.Value ?? "Standard";
        var tier = tierText switch
        {
            "Standard" => RetrievalTier.Standard,
            "Expedited" => RetrievalTier.Expedited,
            "Bulk" => RetrievalTier.Bulk,
            _ => throw Malformed(),
        };
        return (days, tier);
    }

    private static S3Exception Malformed() => new(S3Error.MalformedXML);
}

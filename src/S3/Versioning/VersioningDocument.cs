using System.Xml.Linq;

using Coffer.Engine.Model;
using Coffer.S3.Errors;
using Coffer.S3.Xml;

namespace Coffer.S3.Versioning;

/// <summary>S3's VersioningConfiguration document (PutBucketVersioning's body, GetBucketVersioning's answer).</summary>
public static class VersioningDocument
{
    /// <returns>The state asked for, or null when the document names none (the state is then left as it is).</returns>
    /// <exception cref="S3Exception">
    /// MalformedXML for another shape or a status other than Enabled or Suspended (case-sensitive, as in S3);
    /// NotImplemented for MfaDelete Enabled, which needs an MFA device Coffer has no way to check.
    /// </exception>
    public static BucketVersioning? Parse(XElement? document)
    {
        if (document is not { Name.LocalName: "VersioningConfiguration" }
            || document.Elements().Any(e => e.Name.LocalName is not ("Status" or "MfaDelete"))
            || document.Children("Status").Count() > 1
            || document.Children("MfaDelete").Count() > 1)
        {
            throw new S3Exception(S3Error.MalformedXML);
        }

        switch (document.Child("MfaDelete")?.Value)
        {
            case null or "Disabled":
                break;
            case "Enabled":
                throw new S3Exception(
                    S3Error.NotImplemented,
                    "Coffer does not implement MFA delete: MfaDelete Enabled is refused, and nothing was changed.",
                    [new("Header", "MfaDelete")]);
            default:
                throw new S3Exception(S3Error.MalformedXML);
        }

        return document.Child("Status")?.Value switch
        {
            null => null,
            "Enabled" => BucketVersioning.Enabled,
            "Suspended" => BucketVersioning.Suspended,
            _ => throw new S3Exception(S3Error.MalformedXML),
        };
    }
}

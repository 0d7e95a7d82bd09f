using Coffer.Engine.Model;
using Coffer.S3.Errors;
using Coffer.S3.Http;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Tagging;

/// <summary>
/// x-amz-tagging (PutObject, CreateMultipartUpload, CopyObject) and the POST form's tagging field carry a tag set as
/// URL query parameters: <c>Key1=Value1&amp;Key2=Value2</c>, each part percent-encoded, <c>+</c> for a space.
/// </summary>
public static class TaggingHeader
{
    public const string Name = "x-amz-tagging";

    /// <summary>CopyObject's choice: COPY (the default) keeps the source's tags and ignores x-amz-tagging; REPLACE takes the header's.</summary>
    public const string DirectiveName = "x-amz-tagging-directive";

    /// <summary>Whether a copy takes its tags from x-amz-tagging rather than from its source.</summary>
    public static bool ReplacesOnCopy(IHeaderDictionary headers) =>
        string.Equals(headers[DirectiveName].ToString().Trim(), "REPLACE", StringComparison.OrdinalIgnoreCase);

    /// <summary>The tags, checked by S3's rules; an empty value is the empty set.</summary>
    /// <exception cref="S3Exception">InvalidArgument for a value that is not such parameters (or names a key twice), InvalidTag for a rule broken.</exception>
    public static TagSet Parse(string value)
    {
        var tags = new List<Tag>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pair in value.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Decode(equals < 0 ? pair : pair[..equals]);
            var tagValue = equals < 0 ? "" : Decode(pair[(equals + 1)..]);
            if (key is null || tagValue is null || !keys.Add(key))
            {
                throw Malformed();
            }

            tags.Add(new Tag(key, tagValue));
        }

        return TaggingDocument.Checked(tags, TagSetOwner.ObjectVersion);
    }

    /// <summary>The tags a write's x-amz-tagging gives its object; none without the header.</summary>
    public static TagSet Read(IHeaderDictionary headers) =>
        headers.TryGetValue(Name, out var value) ? Parse(value.ToString()) : TagSet.Empty;

    /// <summary>The error <see cref="Parse"/> would throw, or null when the value is a valid tag set.</summary>
    public static S3Exception? Problem(string value)
    {
        try
        {
            Parse(value);
            return null;
        }
        catch (S3Exception refused)
        {
            return refused;
        }
    }

    private static string? Decode(string part) =>
        UriEncoding.TryDecodeStrict(part.Replace('+', ' '), out var decoded) ? decoded : null;

    // S3's answer to a header it cannot read as query parameters, or that names a key twice.
    private static S3Exception Malformed() => new(
        S3Error.InvalidArgument,
        $"The header '{Name}' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.",
        [new("ArgumentName", Name)]);
}

using System.Diagnostics.CodeAnalysis;

namespace Coffer.Engine.Model;

/// <summary>
/// A version id as a request names one: <c>null</c> (the version every write gets while a bucket
/// has never had versioning) or an id of the form Coffer issues. Parsed once at the edge, so that
/// "malformed" (S3's 400 InvalidArgument) and "well-formed but unknown" (404 NoSuchVersion, or a
/// no-op for a delete) are told apart in one place.
/// </summary>
public readonly record struct VersionId
{
    /// <summary>
    /// Coffer's ids are 32 characters of the URL-safe alphabet (letters, digits, '.', '_', '-'),
    /// the length and alphabet of S3's own, so they need no escaping in a query or a copy source.
    /// </summary>
    public const int IssuedLength = 32;

    private VersionId(string value) => Value = value;

    public static VersionId Null { get; } = new(VersionIds.Null);

    public string Value { get; }

    public bool IsNull => Value == VersionIds.Null;

    public override string ToString() => Value;

    public static bool TryParse(string? text, [NotNullWhen(true)] out VersionId? id)
    {
        id = null;
        if (text == VersionIds.Null)
        {
            id = Null;
            return true;
        }

        if (text is null || text.Length != IssuedLength)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                return false;
            }
        }

        id = new VersionId(text);
        return true;
    }
}

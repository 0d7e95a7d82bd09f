using System.Globalization;
using System.Xml.Linq;

using Coffer.S3.Errors;

namespace Coffer.S3.Xml;

/// <summary>
/// Reads a request document as S3 checks it against its schema: each element named where it may be, as often as it
/// may be, with text where text belongs. Anything else is MalformedXML, so that an element Coffer would skip can never
/// be a setting silently not applied. Element names are exact; namespaces are ignored, as elsewhere.
/// </summary>
public static class SchemaReader
{
    /// <summary>The text of the one child of that name; MalformedXML when there is none or more than one.</summary>
    public static string One(XElement parent, string name) =>
        parent.Children(name).ToList() is [var only] ? Text(only) : throw Malformed();

    /// <summary>The child of that name, or null; MalformedXML when there is more than one.</summary>
    public static XElement? Optional(XElement parent, string name) =>
        parent.Children(name).ToList() switch
        {
            [] => null,
            [var only] => only,
            _ => throw Malformed(),
        };

    /// <summary>The text of the child of that name, or null; MalformedXML when there is more than one.</summary>
    public static string? OptionalText(XElement parent, string name) => Optional(parent, name) is { } child ? Text(child) : null;

    /// <summary>An xs:int child, or null; MalformedXML for anything that is not one.</summary>
    public static int? OptionalInt(XElement parent, string name) =>
        OptionalText(parent, name) is { } text
            ? int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : throw Malformed()
            : null;

    /// <summary>An xs:long child, or null; MalformedXML for anything that is not one.</summary>
    public static long? OptionalLong(XElement parent, string name) =>
        OptionalText(parent, name) is { } text
            ? long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : throw Malformed()
            : null;

    /// <summary>An xs:boolean child, or null.</summary>
    public static bool? OptionalBoolean(XElement parent, string name) =>
        OptionalText(parent, name)?.Trim() switch
        {
            null => null,
            "true" or "1" => true,
            "false" or "0" => false,
            _ => throw Malformed(),
        };

    /// <summary>MalformedXML for a child not named, or text beside the children.</summary>
    public static void RequireKnown(XElement parent, params string[] names)
    {
        if (parent.Elements().Any(child => !names.Contains(child.Name.LocalName, StringComparer.Ordinal))
            || parent.Nodes().OfType<XText>().Any(text => !string.IsNullOrWhiteSpace(text.Value)))
        {
            throw Malformed();
        }
    }

    /// <summary>An element's text, kept as sent; MalformedXML when it holds elements.</summary>
    public static string Text(XElement element) => element.HasElements ? throw Malformed() : element.Value;

    public static S3Exception Malformed() => new(S3Error.MalformedXML);
}

using System.Globalization;
using System.Xml.Linq;

using Coffer.Engine.Model;
using Coffer.S3.Errors;
using Coffer.S3.Xml;

namespace Coffer.S3.ObjectLock;

/// <summary>
/// The object lock documents of S3's API, read with S3's answers to bad ones: ObjectLockConfiguration
/// (Put/GetObjectLockConfiguration), Retention (Put/GetObjectRetention) and LegalHold (Put/GetObjectLegalHold).
/// Enumerated values are case-sensitive, as in S3 (<c>governance</c> is MalformedXML).
/// </summary>
public static class ObjectLockDocuments
{
    /// <exception cref="S3Exception">
    /// MalformedXML for another shape, ObjectLockEnabled other than Enabled, an unknown mode, Days and Years both or
    /// neither, or a period that is not a number; InvalidRetentionPeriod for a period that is not positive.
    /// </exception>
    public static ObjectLockConfiguration ParseConfiguration(XElement? document)
    {
        if (document is not { Name.LocalName: "ObjectLockConfiguration" } || One(document, "ObjectLockEnabled") != "Enabled")
        {
            throw Malformed();
        }

        if (document.Child("Rule") is not { } rule)
        {
            return new ObjectLockConfiguration(null);
        }

        if (rule.Child("DefaultRetention") is not { } retention)
        {
            throw Malformed();
        }

        var mode = Mode(One(retention, "Mode"));
        var days = retention.Children("Days").ToList();
        var years = retention.Children("Years").ToList();
        if (days.Count + years.Count != 1)
        {
            throw Malformed();
        }

        var period = int.TryParse((days.Count == 1 ? days[0] : years[0]).Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw Malformed();
        try
        {
            return new ObjectLockConfiguration(days.Count == 1 ? DefaultRetention.ForDays(mode, period) : DefaultRetention.ForYears(mode, period));
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new S3Exception(S3Error.InvalidRetentionPeriod, DefaultRetention.PeriodMessage);
        }
    }

    /// <exception cref="S3Exception">MalformedXML for another shape, an unknown mode or a date that is not ISO 8601.</exception>
    public static ObjectRetention ParseRetention(XElement? document)
    {
        if (document is not { Name.LocalName: "Retention" })
        {
            throw Malformed();
        }

        var mode = Mode(One(document, "Mode"));
        var until = DateTimeOffset.TryParse(One(document, "RetainUntilDate"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
            ? instant
            : throw Malformed();
        return new ObjectRetention(mode, until);
    }

    /// <exception cref="S3Exception">MalformedXML for another shape or a status other than ON or OFF.</exception>
    public static LegalHoldStatus ParseLegalHold(XElement? document) =>
        document is { Name.LocalName: "LegalHold" }
            ? One(document, "Status") switch
            {
                "ON" => LegalHoldStatus.On,
                "OFF" => LegalHoldStatus.Off,
                _ => throw Malformed(),
            }
            : throw Malformed();

    /// <summary>The mode as S3 spells it, for headers and documents.</summary>
    public static string ModeText(RetentionMode mode) => mode == RetentionMode.Governance ? "GOVERNANCE" : "COMPLIANCE";

    private static RetentionMode Mode(string? text) => text switch
    {
        "GOVERNANCE" => RetentionMode.Governance,
        "COMPLIANCE" => RetentionMode.Compliance,
        _ => throw Malformed(),
    };

    /// <summary>The text of the one child of that name; MalformedXML when there is none or more than one.</summary>
    private static string One(XElement parent, string name) =>
        parent.Children(name).ToList() is [var only] ? only.Value : throw Malformed();

    private static S3Exception Malformed() => new(S3Error.MalformedXML);
}

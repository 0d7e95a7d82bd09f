using System.Globalization;
using System.Security.Cryptography;
using System.Xml.Linq;

using Coffer.Engine.Lifecycle;
using Coffer.Engine.Model;
using Coffer.S3.Xml;

using static Coffer.S3.Xml.SchemaReader;

namespace Coffer.S3.Lifecycle;

/// <summary>
/// Reads the LifecycleConfiguration document of PutBucketLifecycleConfiguration into the engine's typed configuration.
/// Only the document's shape is judged here (MalformedXML: an unknown element, a Status other than Enabled or
/// Disabled, both Days and Date, a Filter with two conditions outside And, a transition to a class that is none);
/// what the values may be is the engine's <see cref="LifecycleValidation"/>.
/// See https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLifecycleConfiguration.html
/// </summary>
public static class LifecycleConfigurationReader
{
    private static readonly string[] DateFormats =
    [
        "yyyy-MM-dd",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
    ];

    public static LifecycleConfiguration Read(XElement? document, TransitionMinimumSize minimumSize)
    {
        if (document is not { Name.LocalName: "LifecycleConfiguration" })
        {
            throw Malformed();
        }

        RequireKnown(document, "Rule");
        var rules = document.Elements().Select(ReadRule).ToList();
        if (rules.Count == 0)
        {
            throw Malformed();
        }

        return new LifecycleConfiguration { Rules = rules, TransitionMinimumSize = minimumSize };
    }

    private static LifecycleRule ReadRule(XElement rule)
    {
        RequireKnown(rule, "ID", "Prefix", "Filter", "Status", "Expiration", "Transition", "NoncurrentVersionExpiration", "NoncurrentVersionTransition", "AbortIncompleteMultipartUpload");
        var enabled = One(rule, "Status") switch
        {
            "Enabled" => true,
            "Disabled" => false,
            _ => throw Malformed(),
        };

        var id = OptionalText(rule, "ID");
        return new LifecycleRule
        {
            // S3 names a rule sent without an ID; the name is kept, so GET answers the same one every time.
            Id = string.IsNullOrEmpty(id) ? GeneratedId() : id,
            Enabled = enabled,
            Filter = FilterOf(rule),
            Expiration = Optional(rule, "Expiration") is { } expiration ? ExpirationOf(expiration) : null,
            Transitions = [.. rule.Children("Transition").Select(TransitionOf)],
            NoncurrentVersionExpiration = Optional(rule, "NoncurrentVersionExpiration") is { } noncurrent ? NoncurrentExpirationOf(noncurrent) : null,
            NoncurrentVersionTransitions = [.. rule.Children("NoncurrentVersionTransition").Select(NoncurrentTransitionOf)],
            AbortIncompleteMultipartUploadDays = Optional(rule, "AbortIncompleteMultipartUpload") is { } abort ? AbortDaysOf(abort) : null,
        };
    }

    /// <summary>The rule's objects: the deprecated rule-level Prefix or a Filter, exactly one of them.</summary>
    private static LifecycleFilter FilterOf(XElement rule)
    {
        var prefix = OptionalText(rule, "Prefix");
        var filter = Optional(rule, "Filter");
        if (prefix is not null)
        {
            return filter is null ? new LifecycleFilter { Prefix = prefix, Shape = LifecycleFilterShape.RulePrefix } : throw Malformed();
        }

        if (filter is null)
        {
            throw Malformed();
        }

        RequireKnown(filter, "Prefix", "Tag", "ObjectSizeGreaterThan", "ObjectSizeLessThan", "And");
        return filter.Elements().ToList() switch
        {
            [] => new LifecycleFilter { Shape = LifecycleFilterShape.EmptyFilter },
            [{ Name.LocalName: "Prefix" } only] => new LifecycleFilter { Prefix = Text(only), Shape = LifecycleFilterShape.Prefix },
            [{ Name.LocalName: "Tag" } only] => new LifecycleFilter { Tags = [TagOf(only)], Shape = LifecycleFilterShape.Tag },
            [{ Name.LocalName: "ObjectSizeGreaterThan" }] => new LifecycleFilter { ObjectSizeGreaterThan = OptionalLong(filter, "ObjectSizeGreaterThan"), Shape = LifecycleFilterShape.ObjectSizeGreaterThan },
            [{ Name.LocalName: "ObjectSizeLessThan" }] => new LifecycleFilter { ObjectSizeLessThan = OptionalLong(filter, "ObjectSizeLessThan"), Shape = LifecycleFilterShape.ObjectSizeLessThan },
            [{ Name.LocalName: "And" } and] => AndOf(and),

            // Two conditions need And around them.
            _ => throw Malformed(),
        };
    }

    private static LifecycleFilter AndOf(XElement and)
    {
        RequireKnown(and, "Prefix", "Tag", "ObjectSizeGreaterThan", "ObjectSizeLessThan");
        if (!and.HasElements)
        {
            throw Malformed();
        }

        return new LifecycleFilter
        {
            Prefix = OptionalText(and, "Prefix") ?? "",
            Tags = [.. and.Children("Tag").Select(TagOf)],
            ObjectSizeGreaterThan = OptionalLong(and, "ObjectSizeGreaterThan"),
            ObjectSizeLessThan = OptionalLong(and, "ObjectSizeLessThan"),
            Shape = LifecycleFilterShape.And,
        };
    }

    private static Tag TagOf(XElement tag)
    {
        RequireKnown(tag, "Key", "Value");
        return new Tag(One(tag, "Key"), One(tag, "Value"));
    }

    /// <summary>Days, Date or ExpiredObjectDeleteMarker: exactly one of them, as S3's schema has it.</summary>
    private static LifecycleExpiration ExpirationOf(XElement expiration)
    {
        RequireKnown(expiration, "Days", "Date", "ExpiredObjectDeleteMarker");
        var days = OptionalInt(expiration, "Days");
        var date = DateOf(expiration);
        var marker = OptionalBoolean(expiration, "ExpiredObjectDeleteMarker");
        if ((days is null ? 0 : 1) + (date is null ? 0 : 1) + (marker is null ? 0 : 1) != 1)
        {
            throw Malformed();
        }

        return new LifecycleExpiration { Days = days, Date = date, ExpiredObjectDeleteMarker = marker };
    }

    private static LifecycleTransition TransitionOf(XElement transition)
    {
        RequireKnown(transition, "Days", "Date", "StorageClass");
        var days = OptionalInt(transition, "Days");
        var date = DateOf(transition);
        return (days is null) == (date is null)
            ? throw Malformed()
            : new LifecycleTransition(days, date, TargetOf(transition));
    }

    private static NoncurrentVersionExpiration NoncurrentExpirationOf(XElement expiration)
    {
        RequireKnown(expiration, "NoncurrentDays", "NewerNoncurrentVersions");
        return new NoncurrentVersionExpiration(OptionalInt(expiration, "NoncurrentDays") ?? throw Malformed(), OptionalInt(expiration, "NewerNoncurrentVersions"));
    }

    private static NoncurrentVersionTransition NoncurrentTransitionOf(XElement transition)
    {
        RequireKnown(transition, "NoncurrentDays", "NewerNoncurrentVersions", "StorageClass");
        return new NoncurrentVersionTransition(
            OptionalInt(transition, "NoncurrentDays") ?? throw Malformed(), OptionalInt(transition, "NewerNoncurrentVersions"), TargetOf(transition));
    }

    private static int AbortDaysOf(XElement abort)
    {
        RequireKnown(abort, "DaysAfterInitiation");
        return OptionalInt(abort, "DaysAfterInitiation") ?? throw Malformed();
    }

    /// <summary>A transition's class: one of S3's TransitionStorageClass values (the engine's targets), else not of the schema.</summary>
    private static string TargetOf(XElement transition)
    {
        var storageClass = One(transition, "StorageClass");
        return LifecycleTransitionTargets.IsTarget(storageClass) ? storageClass : throw Malformed();
    }

    /// <summary>An xs:dateTime (or a bare date, which SDKs send for a date-only value), as UTC; whether it is midnight is the engine's rule.</summary>
    private static DateTimeOffset? DateOf(XElement parent) =>
        OptionalText(parent, "Date") is { } text
            ? DateTimeOffset.TryParseExact(text.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
                ? date
                : throw Malformed()
            : null;

    /// <summary>A name in the style of S3's own (48 characters of base64), unique enough never to meet another rule's.</summary>
    private static string GeneratedId() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(36));
}

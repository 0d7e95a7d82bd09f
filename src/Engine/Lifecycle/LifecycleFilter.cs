using System.Text;

using Coffer.Engine.Model;

namespace Coffer.Engine.Lifecycle;

/// <summary>
/// Which objects a rule applies to: those under <see cref="Prefix"/> that carry every tag of <see cref="Tags"/> and
/// whose size lies strictly between the bounds given. <see cref="Shape"/> remembers how the document said it, so that
/// GetBucketLifecycleConfiguration answers in the same form.
/// </summary>
public sealed record LifecycleFilter
{
    /// <summary>An empty filter: every object of the bucket.</summary>
    public static readonly LifecycleFilter Everything = new();

    public string Prefix { get; init; } = "";

    public IReadOnlyList<Tag> Tags { get; init; } = [];

    /// <summary>Objects larger than this many bytes; null when unbounded.</summary>
    public long? ObjectSizeGreaterThan { get; init; }

    /// <summary>Objects smaller than this many bytes; null when unbounded.</summary>
    public long? ObjectSizeLessThan { get; init; }

    public LifecycleFilterShape Shape { get; init; } = LifecycleFilterShape.EmptyFilter;

    /// <summary>The prefix as UTF-8, for seeking the index to the keys it covers.</summary>
    public byte[] PrefixBytes() => Encoding.UTF8.GetBytes(Prefix);

    /// <summary>True when the filter needs the object's tags, which a listing row does not carry.</summary>
    public bool NeedsTags => Tags.Count > 0;

    /// <summary>True when an object of that key, size and tags is one the rule applies to.</summary>
    public bool Matches(string key, long size, TagSet tags)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(tags);
        if (!key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        if (ObjectSizeGreaterThan is { } above && size <= above)
        {
            return false;
        }

        if (ObjectSizeLessThan is { } below && size >= below)
        {
            return false;
        }

        foreach (var wanted in Tags)
        {
            if (!tags.Tags.Contains(wanted))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>How a rule's document named its objects.</summary>
public enum LifecycleFilterShape
{
    /// <summary>The deprecated <c>Prefix</c> element directly in the rule, with no <c>Filter</c>.</summary>
    RulePrefix,

    /// <summary><c>&lt;Filter/&gt;</c> with nothing in it.</summary>
    EmptyFilter,

    /// <summary><c>Filter</c> with one <c>Prefix</c>, which may be empty (<c>&lt;Filter&gt;&lt;Prefix/&gt;&lt;/Filter&gt;</c>, kept as sent).</summary>
    Prefix,

    /// <summary><c>Filter</c> with one <c>Tag</c>.</summary>
    Tag,

    /// <summary><c>Filter</c> with one <c>ObjectSizeGreaterThan</c>.</summary>
    ObjectSizeGreaterThan,

    /// <summary><c>Filter</c> with one <c>ObjectSizeLessThan</c>.</summary>
    ObjectSizeLessThan,

    /// <summary><c>Filter</c> with <c>And</c>, which holds two or more of the others.</summary>
    And,
}

using System.Text;

using Coffer.Engine.Errors;

namespace Coffer.Engine.Model;

/// <summary>One tag: a key and a value, both case-sensitive.</summary>
public sealed record Tag(string Key, string Value);

/// <summary>What a tag set is attached to; each has its own limit on the number of tags.</summary>
public enum TagSetOwner
{
    /// <summary>An object version: at most 10 tags.</summary>
    ObjectVersion,

    /// <summary>A bucket: at most 50 tags.</summary>
    Bucket,
}

/// <summary>
/// A checked set of tags, in key order (ordinal). S3's rules, checked once here whatever form the tags came in (a
/// Tagging document, the x-amz-tagging header, a POST form field): at most 10 tags on an object and 50 on a
/// bucket; keys of 1 to 128 and values of 0 to 256 Unicode characters, made of letters, digits, white space and
/// <c>+ - = . _ : / @</c>; no key twice; no key starting with <c>aws:</c>, which is AWS's own.
/// </summary>
public sealed class TagSet : IEquatable<TagSet>
{
    public const int MaxObjectTags = 10;
    public const int MaxBucketTags = 50;
    public const int MaxKeyLength = 128;
    public const int MaxValueLength = 256;

    public static readonly TagSet Empty = new([]);

    private TagSet(IReadOnlyList<Tag> tags) => Tags = tags;

    public IReadOnlyList<Tag> Tags { get; }

    public int Count => Tags.Count;

    /// <summary>The same tags in the same order: what a stored set read back must equal.</summary>
    public bool Equals(TagSet? other) => other is not null && Tags.SequenceEqual(other.Tags);

    public override bool Equals(object? obj) => Equals(obj as TagSet);

    public override int GetHashCode() => Count;

    /// <summary>A set read back from storage, which its writer checked: trusted, not checked again.</summary>
    public static TagSet FromStored(IReadOnlyList<Tag> tags) => tags.Count == 0 ? Empty : new TagSet([.. tags]);

    /// <exception cref="EngineException">InvalidTag, its message the rule broken (S3's wording).</exception>
    public static TagSet Create(IReadOnlyList<Tag> tags, TagSetOwner owner)
    {
        var limit = owner == TagSetOwner.ObjectVersion ? MaxObjectTags : MaxBucketTags;
        if (tags.Count > limit)
        {
            throw Invalid(owner == TagSetOwner.ObjectVersion ? $"Object tags cannot be greater than {limit}" : $"Bucket tag count cannot be greater than {limit}");
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            var keyLength = UnicodeLength(tag.Key);
            if (keyLength == 0 || !IsAllowed(tag.Key))
            {
                throw Invalid("The TagKey you have provided is invalid");
            }

            if (keyLength > MaxKeyLength)
            {
                throw Invalid($"The TagKey you have provided is too long, max {MaxKeyLength}");
            }

            if (!IsAllowed(tag.Value))
            {
                throw Invalid("The TagValue you have provided is invalid");
            }

            if (UnicodeLength(tag.Value) > MaxValueLength)
            {
                throw Invalid($"The TagValue you have provided is too long, max {MaxValueLength}");
            }

            if (tag.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                throw Invalid("Your TagKey cannot be prefixed with aws:");
            }

            if (!keys.Add(tag.Key))
            {
                throw Invalid("Cannot provide multiple Tags with the same key");
            }
        }

        // Kept in key order (ordinal), the order S3 answers GetObjectTagging in whatever order the tags were given.
        return tags.Count == 0 ? Empty : new TagSet([.. tags.OrderBy(tag => tag.Key, StringComparer.Ordinal)]);
    }

    // S3 counts Unicode characters, so a character outside the Basic Multilingual Plane is one, not two UTF-16 units.
    private static int UnicodeLength(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    private static bool IsAllowed(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (!Rune.IsLetterOrDigit(rune) && !Rune.IsWhiteSpace(rune) && !(rune.IsAscii && "+-=._:/@".Contains((char)rune.Value, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }

    private static EngineException Invalid(string message) => new(EngineError.InvalidTag, message);
}

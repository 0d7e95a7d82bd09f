using System.Security.Cryptography;

namespace Coffer.Engine.Model;

/// <summary>
/// The immutable name of a blob: 32 lowercase hex characters, random, never derived from a key. A blob kept in a
/// tier rather than the main blob store carries its tier in its name (<c>GLACIER/3f2a…</c>), so that every row,
/// queue and reference count that names a blob also says where it is, and nothing else must be kept in step.
/// </summary>
public readonly record struct BlobId(string Value)
{
    private const char TierSeparator = '/';

    public static BlobId New() => new(NewName());

    /// <summary>A new blob in the tier of that name (a storage class, e.g. GLACIER).</summary>
    public static BlobId NewIn(string tier) => InTier(tier, NewName());

    /// <summary>The blob called <paramref name="name"/> within the tier's own store.</summary>
    public static BlobId InTier(string tier, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(tier);
        return new($"{tier}{TierSeparator}{name}");
    }

    public static bool IsWellFormed(string text) =>
        text.Length == 32 && text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    /// <summary>The tier the blob is kept in; null for the main blob store.</summary>
    public string? Tier => Value.IndexOf(TierSeparator) is var at and >= 0 ? Value[..at] : null;

    /// <summary>The blob's name within its own store (the whole value for the main store).</summary>
    public BlobId Local => Value.IndexOf(TierSeparator) is var at and >= 0 ? new(Value[(at + 1)..]) : this;

    public override string ToString() => Value;

    private static string NewName() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}

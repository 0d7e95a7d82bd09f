using Coffer.Engine.Model;

namespace Coffer.Engine.CloudTier;

/// <summary>
/// Blob <c>id</c> is object <c>&lt;prefix&gt;/&lt;id&gt;</c>, flat. A fan-out (<c>ab/&lt;id&gt;</c>) helps a file
/// system's directories, not S3, which splits its index by key range on its own; random hex ids already spread evenly.
/// Keys are built only from a well-formed <see cref="BlobId"/>.
/// </summary>
internal sealed class CloudTierKeys(string prefix)
{
    /// <summary>What every key starts with: "prefix/", or "" for a whole bucket.</summary>
    public string ListPrefix { get; } = prefix.Length == 0 ? "" : prefix + "/";

    public string KeyOf(BlobId id) =>
        id.Value is not null && BlobId.IsWellFormed(id.Value)
            ? ListPrefix + id.Value
            : throw new ArgumentException($"'{id.Value}' is not a well-formed blob id.", nameof(id));

    /// <summary>A key for the start-up probe, under the prefix and never a blob's name.</summary>
    public string ProbeKey() => $"{ListPrefix}.coffer-probe-{Guid.NewGuid():N}";

    /// <summary>True for a key this layout made: the prefix, then a blob id and nothing more.</summary>
    public bool TryParse(string key, out BlobId id)
    {
        id = default;
        if (!key.StartsWith(ListPrefix, StringComparison.Ordinal) || !BlobId.IsWellFormed(key[ListPrefix.Length..]))
        {
            return false;
        }

        id = new BlobId(key[ListPrefix.Length..]);
        return true;
    }
}

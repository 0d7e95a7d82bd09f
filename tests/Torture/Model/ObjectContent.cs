using System.Security.Cryptography;

namespace Coffer.Torture.Model;

/// <summary>
/// What one write sent, remembered by its SHA-256 and length rather than its bytes, so that a long
/// run keeps no object in memory: a GET is byte-identical exactly when its digest and length match.
/// Every write's bytes are fresh random ones, so no two writes share a digest.
/// </summary>
public sealed record ObjectContent(long Length, string Sha256, string ETag, string Origin)
{
    /// <summary>The bytes of a single PUT; S3's ETag for it is their MD5.</summary>
    public static ObjectContent OfPut(byte[] body, string origin)
    {
        var md5 = Convert.ToHexStringLower(MD5.HashData(body));
        return new(body.Length, Convert.ToHexStringLower(SHA256.HashData(body)), md5, origin) { ContentMd5 = md5 };
    }

    /// <summary>
    /// The object a completed multipart upload makes of <paramref name="parts"/>, in order. S3's ETag
    /// for it is the MD5 of the parts' binary MD5s, then "-" and the number of parts.
    /// </summary>
    public static ObjectContent OfParts(IReadOnlyList<byte[]> parts, string origin)
    {
        using var whole = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var wholeMd5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var partDigests = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        foreach (var part in parts)
        {
            whole.AppendData(part);
            wholeMd5.AppendData(part);
            partDigests.AppendData(MD5.HashData(part));
        }

        var etag = $"{Convert.ToHexStringLower(partDigests.GetHashAndReset())}-{parts.Count}";
        return new ObjectContent(parts.Sum(part => (long)part.Length), Convert.ToHexStringLower(whole.GetHashAndReset()), etag, origin)
        {
            ContentMd5 = Convert.ToHexStringLower(wholeMd5.GetHashAndReset()),
        };
    }

    /// <summary>How the write asked for it to be encrypted at rest (a copy that names none: as its source is).</summary>
    public Sealing Sealing { get; init; } = Sealing.None;

    /// <summary>The MD5 of the whole content (a multipart object's ETag is not), when the harness wrote it.</summary>
    public string? ContentMd5 { get; init; }

    /// <summary>
    /// What a CopyObject of this content makes when the copy is sealed as <paramref name="sealing"/>. Sealed as the
    /// source, it shares the source's blobs and keeps its ETag; sealed otherwise, its bytes are written again as one
    /// part, so its ETag is the content's MD5, as S3 gives a copy.
    /// </summary>
    public ObjectContent CopiedAs(Sealing sealing, string origin) => sealing == Sealing
        ? this with { Origin = origin }
        : this with { Origin = origin, Sealing = sealing, ETag = ContentMd5 ?? throw new InvalidOperationException($"{this} has no content MD5 to copy by.") };

    public bool SameBytes(long length, string sha256) => Length == length && Sha256 == sha256;

    public override string ToString() => Sealing.Kind == SealingKind.None ? $"{Origin} ({Length:N0} bytes)" : $"{Origin} ({Length:N0} bytes, {Sealing})";
}

using System.Text;

using Amazon.S3;
using Amazon.S3.Model;

namespace Coffer.Torture.Verification;

/// <summary>
/// One ListObjectsV2 listing, all its pages, against what GETs found: the same keys (none missing,
/// none extra, none twice), in S3's order (UTF-8 bytes), with the same sizes and ETags; with a
/// delimiter, the same common prefixes.
/// </summary>
public sealed record ListingCheck(string Prefix, string? Delimiter, int? MaxKeys)
{
    /// <summary>A runaway continuation (a token that never ends) fails the check instead of hanging it.</summary>
    private const int MaxPages = 10_000;

    public override string ToString() =>
        $"ListObjectsV2(prefix '{Prefix}', delimiter {(Delimiter is null ? "none" : $"'{Delimiter}'")}, max-keys {MaxKeys?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default"})";

    public async Task RunAsync(
        IAmazonS3 s3, string bucket, IReadOnlyDictionary<string, FoundObject> present, IReadOnlySet<string> everWritten, TortureReport report)
    {
        var (contents, prefixes) = await ListAsync(s3, bucket);
        var problems = new List<(ViolationKind Kind, string Detail)>();

        for (var i = 1; i < contents.Count; i++)
        {
            if (CompareUtf8(contents[i - 1].Key, contents[i].Key) >= 0)
            {
                problems.Add((ViolationKind.ListingMismatch, $"'{contents[i].Key}' comes after '{contents[i - 1].Key}'"));
            }
        }

        var expected = present.Where(p => IsContent(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        foreach (var listed in contents)
        {
            if (!expected.TryGetValue(listed.Key, out var found))
            {
                problems.Add(everWritten.Contains(listed.Key)
                    ? (ViolationKind.ListingMismatch, $"lists '{listed.Key}', which GET does not find")
                    : (ViolationKind.Exposed, $"lists '{listed.Key}', which no request ever wrote"));
            }
            else if (listed.Size != found.Length || listed.ETag?.Trim('"') != found.ETag)
            {
                problems.Add((ViolationKind.ListingMismatch,
                    $"lists '{listed.Key}' as {listed.Size} bytes, ETag {listed.ETag}; GET gave {found.Length} bytes, ETag {found.ETag}"));
            }
        }

        var listedKeys = contents.Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(expected.Keys.Where(key => !listedKeys.Contains(key))
            .Select(key => (ViolationKind.ListingMismatch, $"omits '{key}', which GET finds")));
        if (listedKeys.Count != contents.Count)
        {
            problems.Add((ViolationKind.ListingMismatch, "lists a key more than once"));
        }

        var expectedPrefixes = present.Keys.Select(CommonPrefixOf).OfType<string>().ToHashSet(StringComparer.Ordinal);
        if (!expectedPrefixes.SetEquals(prefixes) || prefixes.Count != expectedPrefixes.Count)
        {
            problems.Add((ViolationKind.ListingMismatch,
                $"common prefixes [{string.Join(", ", prefixes)}], expected [{string.Join(", ", expectedPrefixes.Order(StringComparer.Ordinal))}]"));
        }

        foreach (var (kind, detail) in problems)
        {
            report.Add(kind, $"{this}: {detail}");
        }

        report.Count(Figure.ListingCompared);
    }

    private bool IsContent(string key) => key.StartsWith(Prefix, StringComparison.Ordinal) && CommonPrefixOf(key) is null;

    private string? CommonPrefixOf(string key)
    {
        if (Delimiter is null || !key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var at = key.IndexOf(Delimiter, Prefix.Length, StringComparison.Ordinal);
        return at < 0 ? null : key[..(at + Delimiter.Length)];
    }

    private async Task<(List<S3Object> Contents, List<string> Prefixes)> ListAsync(IAmazonS3 s3, string bucket)
    {
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = Prefix.Length == 0 ? null : Prefix, Delimiter = Delimiter, MaxKeys = MaxKeys };
        var contents = new List<S3Object>();
        var prefixes = new List<string>();
        for (var page = 0; page < MaxPages; page++)
        {
            var response = await s3.ListObjectsV2Async(request);
            contents.AddRange(response.S3Objects ?? []);
            prefixes.AddRange(response.CommonPrefixes ?? []);
            if (response.IsTruncated != true)
            {
                return (contents, prefixes);
            }

            request.ContinuationToken = response.NextContinuationToken;
        }

        throw new InvalidOperationException($"{this} did not end after {MaxPages} pages");
    }

    private static int CompareUtf8(string a, string b) => Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b));
}

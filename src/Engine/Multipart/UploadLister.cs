using System.Text;

using Coffer.Engine.Errors;
using Coffer.Engine.Listing;
using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Multipart;

/// <summary>
/// ListMultipartUploads: open uploads by key, then by upload id (which is creation order), with
/// common prefixes. Like <see cref="ObjectLister"/>, a page costs O(page): a common prefix is
/// skipped with one seek, not read through.
/// </summary>
public sealed class UploadLister(IMetadataStore metadata)
{
    private const int FirstGroupedBatch = 8;
    private const int MaxGroupedBatch = 1024;

    public async Task<UploadsPage> ListAsync(UploadListRequest request, CancellationToken cancellationToken)
    {
        if (await metadata.GetBucketAsync(request.Bucket.Value, cancellationToken) is null)
        {
            throw new EngineException(EngineError.NoSuchBucket);
        }

        var uploads = new List<UploadInfo>();
        var prefixes = new List<string>();
        if (request.MaxUploads <= 0)
        {
            return new UploadsPage(uploads, prefixes, false, null, null);
        }

        var prefixBytes = Encoding.UTF8.GetBytes(request.Prefix);
        var delimiter = string.IsNullOrEmpty(request.Delimiter) ? null : request.Delimiter;
        var (afterKey, afterId) = StartPosition(request, delimiter);
        (string Key, string? UploadId)? last = null;
        var batch = delimiter is null ? int.MaxValue : FirstGroupedBatch;

        while (true)
        {
            // One row more than the page needs tells whether it is truncated; with a delimiter,
            // small batches first, because rows past a common prefix are thrown away.
            var wanted = Math.Min(request.MaxUploads - uploads.Count - prefixes.Count + 1, batch);
            var rows = await metadata.ListUploadsAsync(request.Bucket.Value, prefixBytes, afterKey, afterId, wanted, cancellationToken);
            var reseek = false;
            foreach (var row in rows)
            {
                if (uploads.Count + prefixes.Count == request.MaxUploads)
                {
                    return new UploadsPage(uploads, prefixes, true, last?.Key, last?.UploadId);
                }

                if (delimiter is not null && KeyGrouping.CommonPrefixOf(row.Key, request.Prefix, delimiter) is { } commonPrefix)
                {
                    prefixes.Add(commonPrefix);
                    last = (commonPrefix, null);
                    (afterKey, afterId) = (KeyGrouping.PastPrefix(commonPrefix), null);
                    reseek = true;
                    break;
                }

                uploads.Add(row);
                last = (row.Key, row.UploadId);
                (afterKey, afterId) = (Encoding.UTF8.GetBytes(row.Key), row.UploadId);
            }

            if (!reseek && rows.Count < wanted)
            {
                return new UploadsPage(uploads, prefixes, false, null, null);
            }

            batch = reseek ? FirstGroupedBatch : Math.Min(batch * 2, MaxGroupedBatch);
        }
    }

    /// <summary>
    /// S3's markers: without a key marker the upload-id marker is ignored; a key marker inside
    /// a common prefix means that prefix was listed already, so the listing starts past all of it.
    /// </summary>
    private static (byte[] AfterKey, string? AfterUploadId) StartPosition(UploadListRequest request, string? delimiter)
    {
        if (string.IsNullOrEmpty(request.KeyMarker))
        {
            return ([], null);
        }

        if (delimiter is not null && KeyGrouping.CommonPrefixOf(request.KeyMarker, request.Prefix, delimiter) is { } markerPrefix)
        {
            return (KeyGrouping.PastPrefix(markerPrefix), null);
        }

        return (Encoding.UTF8.GetBytes(request.KeyMarker), string.IsNullOrEmpty(request.UploadIdMarker) ? null : request.UploadIdMarker);
    }
}

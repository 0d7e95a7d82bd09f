using System.Net;
using System.Runtime.CompilerServices;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Tiers;

namespace Coffer.Engine.CloudTier;

/// <summary>
/// Blobs as objects in a bucket on an S3 endpoint: AWS, another Coffer, any S3 service (the "cloud tier").
/// Blob <c>id</c> is object <c>&lt;prefix&gt;/&lt;id&gt;</c>. A blob is visible once PutObject or
/// CompleteMultipartUpload returns, and then as durable as the endpoint makes its objects.
/// Every failure of the endpoint is a <see cref="TierUnavailableException"/>.
/// One difference from the port: S3 has no open handles, so a reader cannot keep a blob that is deleted while it
/// reads; its next request throws <see cref="BlobNotFoundException"/>. The engine deletes a tier's blob only once no
/// version references it, and must not do so while a read of that version may still be streaming.
/// </summary>
public sealed class CloudTierBlobStore : IBlobStore, ITierProbe, IDisposable
{
    private readonly CloudTierEndpoint _endpoint;
    private readonly IDisposable? _ownedClient;

    /// <summary>A store over a client the caller built (and disposes).</summary>
    public CloudTierBlobStore(S3TierLocation location, IAmazonS3 client, CloudTierOptions? options = null)
        : this(location, client, options ?? new CloudTierOptions(), ownsClient: false)
    {
    }

    private CloudTierBlobStore(S3TierLocation location, IAmazonS3 client, CloudTierOptions options, bool ownsClient)
    {
        options.Validate();
        _endpoint = new CloudTierEndpoint(location, client, options);
        _ownedClient = ownsClient ? client : null;
    }

    /// <summary>A store with its own client, credentials from the tier's variables or the SDK's default chain.</summary>
    public static CloudTierBlobStore Create(S3TierLocation location, CloudTierOptions? options = null, Func<string, string?>? environment = null)
    {
        options ??= new CloudTierOptions();
        var client = CloudTierClients.Create(location, options, environment ?? Environment.GetEnvironmentVariable);
        return new CloudTierBlobStore(location, client, options, ownsClient: true);
    }

    public S3TierLocation Location => _endpoint.Location;

    public IBlobWriter CreateWriter() => new CloudTierBlobWriter(_endpoint);

    public async ValueTask<IBlobReader> OpenReadAsync(BlobId id, CancellationToken cancellationToken)
    {
        var key = _endpoint.Keys.KeyOf(id);
        var head = await _endpoint.CallAsync(
            token => _endpoint.Client.GetObjectMetadataAsync(_endpoint.Bucket, key, token),
            $"open blob {id}",
            cancellationToken,
            notFound: () => new BlobNotFoundException(id));
        return new CloudTierBlobReader(_endpoint, id, head.ContentLength);
    }

    public Task DeleteAsync(BlobId id, CancellationToken cancellationToken)
    {
        var key = _endpoint.Keys.KeyOf(id);

        // S3 answers 204 for a key that is not there, so a second delete is no error here either.
        return _endpoint.CallAsync(
            token => _endpoint.Client.DeleteObjectAsync(_endpoint.Bucket, key, token), $"delete blob {id}", cancellationToken);
    }

    public async IAsyncEnumerable<StoredBlob> EnumerateAsync(
        TimeSpan abandonedAfter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await AbortAbandonedUploadsAsync(abandonedAfter, cancellationToken);

        // One page at a time: a tier may hold millions of blobs.
        var request = new ListObjectsV2Request { BucketName = _endpoint.Bucket, Prefix = _endpoint.Keys.ListPrefix };
        do
        {
            var page = await _endpoint.CallAsync(
                token => _endpoint.Client.ListObjectsV2Async(request, token), "list the blobs", cancellationToken);
            foreach (var entry in page.S3Objects ?? [])
            {
                // Only a key this store made is a blob: the probe's leftovers, or anything else someone put under
                // the prefix, is neither reported nor deleted.
                if (_endpoint.Keys.TryParse(entry.Key, out var id) && entry.LastModified is { } written)
                {
                    yield return new StoredBlob(id, new DateTimeOffset(written.ToUniversalTime(), TimeSpan.Zero));
                }
            }

            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);
    }

    /// <summary>
    /// The cloud tier's temporaries are multipart uploads that a writer began and never completed or aborted (the
    /// process died). Those initiated before the threshold are aborted; a live writer's upload is younger, as long
    /// as the threshold exceeds the longest upload.
    /// </summary>
    private async Task AbortAbandonedUploadsAsync(TimeSpan abandonedAfter, CancellationToken cancellationToken)
    {
        var cutoff = DateTime.UtcNow - abandonedAfter;
        var request = new ListMultipartUploadsRequest { BucketName = _endpoint.Bucket, Prefix = _endpoint.Keys.ListPrefix };
        while (true)
        {
            var page = await _endpoint.CallAsync(
                token => _endpoint.Client.ListMultipartUploadsAsync(request, token), "list the unfinished uploads", cancellationToken);
            foreach (var upload in page.MultipartUploads ?? [])
            {
                if (_endpoint.Keys.TryParse(upload.Key, out var id) && upload.Initiated is { } initiated && initiated.ToUniversalTime() < cutoff)
                {
                    await _endpoint.CallAsync(
                        token => _endpoint.Client.AbortMultipartUploadAsync(
                            new AbortMultipartUploadRequest { BucketName = _endpoint.Bucket, Key = upload.Key, UploadId = upload.UploadId }, token),
                        $"abort the abandoned upload of blob {id}",
                        cancellationToken);
                }
            }

            if (page.IsTruncated != true)
            {
                return;
            }

            request.KeyMarker = page.NextKeyMarker;
            request.UploadIdMarker = page.NextUploadIdMarker;
        }
    }

    public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_endpoint.Options.ProbeTimeout);
        var token = deadline.Token;
        var flag = _endpoint.Location.Flag;
        try
        {
            // 1. The bucket: the endpoint answers, takes the credentials, and has it.
            await _endpoint.Client.HeadBucketAsync(new HeadBucketRequest { BucketName = _endpoint.Bucket }, token);

            // 2. Writing and deleting under the prefix: read-only credentials pass step 1 and fail only here.
            var key = _endpoint.Keys.ProbeKey();
            await _endpoint.Client.PutObjectAsync(
                new PutObjectRequest { BucketName = _endpoint.Bucket, Key = key, ContentBody = "coffer tier probe\n", UseChunkEncoding = false },
                token);
            await _endpoint.Client.DeleteObjectAsync(_endpoint.Bucket, key, token);
            return null;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return $"{flag}: the bucket '{_endpoint.Bucket}' does not exist at the endpoint {_endpoint.Location.EndpointDisplay}.";
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.Forbidden)
        {
            return $"{flag}: the endpoint {_endpoint.Location.EndpointDisplay} refused the credentials or the write "
                + $"({e.ErrorCode ?? "403 Forbidden"}); check {_endpoint.Location.AccessKeyIdVariable} and {_endpoint.Location.SecretAccessKeyVariable}.";
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return $"{flag}: {_endpoint.Describe(e)}.";
        }
    }

    public void Dispose() => _ownedClient?.Dispose();
}

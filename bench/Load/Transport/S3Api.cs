using System.Globalization;
using System.Net;
using System.Text;
using System.Xml;

namespace Coffer.Bench.Load.Transport;

/// <summary>The S3 requests that have no plain-HTTP equivalent: the bucket, ListObjectsV2 pages and multipart uploads.</summary>
/// <param name="versioning">Turn versioning on for the bucket when ensuring it (--versioning): every PUT is then a new version.</param>
/// <param name="encryption">What uploads ask for (--sse): CreateMultipartUpload sends it, and every step's answer must say it back.</param>
internal sealed class S3Api(HttpClient client, IRequestFactory requests, ServerSideEncryption encryption, bool versioning = false)
{
    private static readonly XmlReaderSettings s_xml = new() { Async = true, IgnoreWhitespace = true, DtdProcessing = DtdProcessing.Prohibit };

    /// <summary>Creates the bucket; one the caller already owns is fine (S3 answers 409 BucketAlreadyOwnedByYou).</summary>
    public async Task EnsureBucketAsync(CancellationToken cancellationToken)
    {
        using (var request = requests.Create(HttpMethod.Put, key: null))
        using (var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false))
        {
            if (!response.IsSuccessStatusCode)
            {
                var failure = await ObjectOperations.FailureAsync("CreateBucket", null, response, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode != HttpStatusCode.Conflict || !failure.Message.Contains("BucketAlreadyOwnedByYou", StringComparison.Ordinal))
                {
                    throw failure;
                }
            }
        }

        if (versioning)
        {
            await EnableVersioningAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task EnableVersioningAsync(CancellationToken cancellationToken)
    {
        const string document = "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Status>Enabled</Status></VersioningConfiguration>";
        using var content = new StringContent(document, Encoding.UTF8, "application/xml");
        using var request = requests.Create(HttpMethod.Put, key: null, [new("versioning", "")], content);
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ObjectOperations.FailureAsync("PutBucketVersioning", null, response, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <param name="buffers">The worker's buffers: the page is read whole into its growable page buffer, then scanned.</param>
    public async Task<ListPage> ListObjectsV2Async(string prefix, string? delimiter, string? continuationToken, WorkerBuffers buffers, CancellationToken cancellationToken)
    {
        var query = new List<KeyValuePair<string, string>> { new("list-type", "2"), new("max-keys", "1000") };
        if (prefix.Length > 0)
        {
            query.Add(new("prefix", prefix));
        }

        if (delimiter is not null)
        {
            query.Add(new("delimiter", delimiter));
        }

        if (continuationToken is not null)
        {
            query.Add(new("continuation-token", continuationToken));
        }

        using var request = requests.Create(HttpMethod.Get, key: null, query);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await ObjectOperations.FailureAsync("ListObjectsV2", prefix, response, cancellationToken).ConfigureAwait(false);
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var page = await buffers.ReadWholeAsync(stream, cancellationToken).ConfigureAwait(false);
            return ListPageScanner.Scan(page.Span);
        }
    }

    public async Task<string> CreateMultipartUploadAsync(string key, CancellationToken cancellationToken)
    {
        using var request = requests.Create(HttpMethod.Post, key, [new("uploads", "")], headers: encryption.WriteHeaders);
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await ObjectOperations.FailureAsync("CreateMultipartUpload", key, response, cancellationToken).ConfigureAwait(false);
        }

        encryption.CheckAnswer("CreateMultipartUpload", key, response);

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await ReadElementTextAsync(stream, "UploadId").ConfigureAwait(false)
                ?? throw new LoadFailure($"CreateMultipartUpload {key}: no UploadId in the answer");
        }
    }

    /// <returns>The part's ETag, as CompleteMultipartUpload must repeat it.</returns>
    public async Task<string> UploadPartAsync(string key, string uploadId, int partNumber, HttpContent body, CancellationToken cancellationToken)
    {
        var query = new KeyValuePair<string, string>[] { new("partNumber", partNumber.ToString(CultureInfo.InvariantCulture)), new("uploadId", uploadId) };
        using var request = requests.Create(HttpMethod.Put, key, query, body);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await ObjectOperations.FailureAsync($"UploadPart {partNumber}", key, response, cancellationToken).ConfigureAwait(false);
        }

        // The part takes the upload's encryption (S3 wants no SSE-S3 header on UploadPart), and says so in its answer.
        encryption.CheckAnswer($"UploadPart {partNumber}", key, response);

        return response.Headers.ETag?.ToString() ?? throw new LoadFailure($"UploadPart {partNumber} {key}: 200 without an ETag");
    }

    /// <summary>Best effort, after a failed upload: its parts would otherwise stay on the server until a sweep.</summary>
    public async Task AbortMultipartUploadAsync(string key, string uploadId)
    {
        try
        {
            using var request = requests.Create(HttpMethod.Delete, key, [new("uploadId", uploadId)]);
            using var response = await client.SendAsync(request).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            // The upload failed already and is counted; an abort that fails too adds nothing to report.
        }
    }

    public async Task CompleteMultipartUploadAsync(string key, string uploadId, IReadOnlyList<string> partETags, CancellationToken cancellationToken)
    {
        var xml = new StringBuilder("<CompleteMultipartUpload>");
        for (var i = 0; i < partETags.Count; i++)
        {
            xml.Append(CultureInfo.InvariantCulture, $"<Part><PartNumber>{i + 1}</PartNumber><ETag>{SecurityElementEscape(partETags[i])}</ETag></Part>");
        }

        xml.Append("</CompleteMultipartUpload>");
        using var content = new StringContent(xml.ToString(), Encoding.UTF8, "application/xml");
        using var request = requests.Create(HttpMethod.Post, key, [new("uploadId", uploadId)], content);
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);

        // S3 may answer 200 and still fail: the error then comes as the XML body.
        if (response.StatusCode != HttpStatusCode.OK || !body.Contains("<CompleteMultipartUploadResult", StringComparison.Ordinal))
        {
            throw new LoadFailure($"CompleteMultipartUpload {key}: HTTP {(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}");
        }

        encryption.CheckAnswer("CompleteMultipartUpload", key, response);
    }

    private static async Task<string?> ReadElementTextAsync(Stream stream, string name)
    {
        using var reader = XmlReader.Create(stream, s_xml);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == name)
            {
                return await reader.ReadElementContentAsStringAsync().ConfigureAwait(false);
            }
        }

        return null;
    }

    private static string SecurityElementEscape(string text)
    {
        return text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);
    }
}

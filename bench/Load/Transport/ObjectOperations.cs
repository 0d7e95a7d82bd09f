using System.Net;

using Coffer.Bench.Load.Bodies;

namespace Coffer.Bench.Load.Transport;

/// <summary>
/// PUT, GET (whole or ranged), HEAD and DELETE of one object, each checked: a wrong status, a missing ETag (S3), a
/// wrong length or range, a body that differs from the key's pattern, or (with --sse) an answer that does not say
/// AES256 throws <see cref="LoadFailure"/>. Each returns the body bytes moved.
/// </summary>
internal sealed class ObjectOperations(HttpClient client, IRequestFactory requests, bool expectS3Answers, ServerSideEncryption encryption)
{
    private const int ErrorBodyChars = 300;

    public async Task<long> PutAsync(string key, long size, CancellationToken cancellationToken)
    {
        using var request = requests.Create(HttpMethod.Put, key, content: ObjectBody.ContentFor(key, size), headers: encryption.WriteHeaders);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);

        // S3 answers 200 with the ETag; WebDAV answers 201 Created or 204 No Content.
        var ok = expectS3Answers ? response.StatusCode == HttpStatusCode.OK : response.IsSuccessStatusCode;
        if (!ok)
        {
            throw await FailureAsync("PUT", key, response, cancellationToken).ConfigureAwait(false);
        }

        if (expectS3Answers && response.Headers.ETag is null)
        {
            throw new LoadFailure($"PUT {key}: 200 without an ETag");
        }

        encryption.CheckAnswer("PUT", key, response);
        return size;
    }

    public async Task<long> GetAsync(string key, long size, ulong expectedHash, WorkerBuffers buffers, CancellationToken cancellationToken)
    {
        using var request = requests.Create(HttpMethod.Get, key);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await FailureAsync("GET", key, response, cancellationToken).ConfigureAwait(false);
        }

        CheckLength("GET", key, size, response);
        encryption.CheckAnswer("GET", key, response);

        // Hash as the bytes arrive, in one reused buffer: a 1 GiB body never sits in memory.
        var hasher = buffers.Hasher;
        hasher.Reset();
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            int read;
            while ((read = await stream.ReadAsync(buffers.ReadBuffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                hasher.Append(buffers.ReadBuffer.AsSpan(0, read));
            }
        }

        if (hasher.TotalBytes != size)
        {
            throw new LoadFailure($"GET {key}: body of {hasher.TotalBytes} bytes, expected {size}");
        }

        if (hasher.Finish() != expectedHash)
        {
            throw new LoadFailure($"GET {key}: body differs from what was PUT (hash mismatch)");
        }

        return size;
    }

    /// <summary>A GET of <paramref name="length"/> bytes at <paramref name="offset"/>: 206, the range asked for, and those bytes of the pattern.</summary>
    public async Task<long> GetRangeAsync(string key, long size, long offset, long length, WorkerBuffers buffers, CancellationToken cancellationToken)
    {
        var last = offset + length - 1;
        var what = $"GET bytes={offset}-{last}";
        using var request = requests.Create(HttpMethod.Get, key, headers: [("Range", $"bytes={offset}-{last}")]);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.PartialContent)
        {
            throw await FailureAsync(what, key, response, cancellationToken).ConfigureAwait(false);
        }

        CheckLength(what, key, length, response);
        if (response.Content.Headers.ContentRange is not { From: var from, To: var to, Length: var total } || from != offset || to != last || total != size)
        {
            throw new LoadFailure($"{what} {key}: Content-Range {response.Content.Headers.ContentRange?.ToString() ?? "missing"}, expected bytes {offset}-{last}/{size}");
        }

        encryption.CheckAnswer(what, key, response);

        // Each piece is compared with the pattern where it belongs as it arrives: the slice is never held whole.
        long received = 0;
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            int read;
            while ((read = await stream.ReadAsync(buffers.ReadBuffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                var difference = ObjectBody.FirstDifference(key, offset + received, buffers.ReadBuffer.AsSpan(0, read));
                if (difference >= 0)
                {
                    throw new LoadFailure($"{what} {key}: byte {offset + received + difference} of the object differs from what was PUT");
                }

                received += read;
            }
        }

        if (received != length)
        {
            throw new LoadFailure($"{what} {key}: body of {received} bytes, expected {length}");
        }

        return length;
    }

    public async Task<long> HeadAsync(string key, long size, CancellationToken cancellationToken)
    {
        using var request = requests.Create(HttpMethod.Head, key);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await FailureAsync("HEAD", key, response, cancellationToken).ConfigureAwait(false);
        }

        CheckLength("HEAD", key, size, response);
        encryption.CheckAnswer("HEAD", key, response);
        return 0;
    }

    public async Task<long> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        using var request = requests.Create(HttpMethod.Delete, key);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await FailureAsync("DELETE", key, response, cancellationToken).ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>A failure naming the request, the status and the start of the error body (S3's XML names the code).</summary>
    public static async Task<LoadFailure> FailureAsync(string what, string? key, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (body.Length > ErrorBodyChars)
        {
            body = body[..ErrorBodyChars] + "...";
        }

        return new LoadFailure($"{what} {key}: HTTP {(int)response.StatusCode} {response.ReasonPhrase} {body.ReplaceLineEndings(" ")}".TrimEnd());
    }

    private static void CheckLength(string what, string key, long size, HttpResponseMessage response)
    {
        var length = response.Content.Headers.ContentLength;
        if (length != size)
        {
            throw new LoadFailure($"{what} {key}: Content-Length {length?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"}, expected {size}");
        }
    }
}

namespace Coffer.Bench.Load.Transport;

/// <summary>
/// SSE-S3 as --sse AES256 asks for it: the header every PutObject and CreateMultipartUpload sends, and the check that
/// each answer about the object says AES256 back. A server that ignores the header and stores plaintext answers
/// without it, so it fails every operation instead of looking fast.
/// </summary>
internal sealed class ServerSideEncryption
{
    public const string HeaderName = "x-amz-server-side-encryption";

    /// <summary>S3's name for SSE-S3, in the request and in the answer.</summary>
    public const string Aes256 = "AES256";

    private ServerSideEncryption(bool requested)
    {
        Requested = requested;
        WriteHeaders = requested ? [(HeaderName, Aes256)] : null;
    }

    public static ServerSideEncryption None { get; } = new(requested: false);

    public static ServerSideEncryption SseS3 { get; } = new(requested: true);

    public bool Requested { get; }

    /// <summary>What a write that creates an object sends: nothing, or x-amz-server-side-encryption: AES256.</summary>
    public IReadOnlyList<(string Name, string Value)>? WriteHeaders { get; }

    /// <summary>Throws unless the answer says AES256 when SSE-S3 was asked for; without --sse it checks nothing.</summary>
    public void CheckAnswer(string what, string? key, HttpResponseMessage response)
    {
        if (!Requested)
        {
            return;
        }

        var said = response.Headers.TryGetValues(HeaderName, out var values) ? string.Join(',', values) : null;
        if (said != Aes256)
        {
            throw new LoadFailure($"{what} {key}: {HeaderName} is {said ?? "missing"}, expected {Aes256} (was the object stored unencrypted?)");
        }
    }
}

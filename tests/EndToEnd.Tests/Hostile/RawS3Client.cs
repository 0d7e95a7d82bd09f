using System.Net.Sockets;
using System.Text;

using Coffer.TestKit.Signing;

namespace Coffer.EndToEnd.Tests.Hostile;

/// <summary>
/// Sends <see cref="RawRequest"/>s over a fresh TCP connection each, and builds them correctly signed
/// (SigV4, every given header signed) so that a row can break exactly one thing and nothing else.
/// Besides S3 requests, it builds calls of the key service, which shares the endpoint (see <see cref="SignJson"/>).
/// </summary>
public sealed class RawS3Client(Uri endpoint, SigV4Signer signer)
{
    /// <summary>The content type of the AWS JSON 1.1 protocol, which KMS speaks.</summary>
    public const string JsonContentType = "application/x-amz-json-1.1";

    // Generous: only a server that hangs instead of answering ever reaches it, and that is a failure.
    private static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(30);

    public SigV4Signer Signer => signer;

    public string Authority => endpoint.Authority;

    /// <summary>
    /// A request signed over host, x-amz-content-sha256, x-amz-date and <paramref name="headers"/>.
    /// <paramref name="target"/> must be sent as canonical already (encoded with <see cref="UriEncoding"/>).
    /// </summary>
    public RawRequest Sign(string method, string target, byte[]? body = null, IReadOnlyList<(string Name, string Value)>? headers = null, string? payloadHash = null)
    {
        return SignWithSeed(method, target, body, headers, payloadHash).Request;
    }

    /// <summary>As <see cref="Sign"/>, with the signature that an aws-chunked body's first chunk chains from.</summary>
    public (RawRequest Request, SigV4Signer.Signature Signature) SignWithSeed(
        string method, string target, byte[]? body = null, IReadOnlyList<(string Name, string Value)>? headers = null, string? payloadHash = null)
    {
        body ??= [];
        payloadHash ??= SigV4Signer.Sha256Hex(body);
        var question = target.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? target : target[..question];
        var query = question < 0 ? "" : CanonicalQuery(target[(question + 1)..]);
        var given = headers ?? [];
        var signed = given.Select(h => (h.Name.ToLowerInvariant(), h.Value)).Append(("host", Authority)).Append(("x-amz-content-sha256", payloadHash)).ToList();
        var signature = signer.SignHeaders(method, path, query, signed, payloadHash, DateTime.UtcNow);
        IReadOnlyList<(string, string)> sent =
        [
            .. given,
            ("x-amz-content-sha256", payloadHash),
            ("X-Amz-Date", signature.AmzDate),
            ("Authorization", signature.Authorization),
        ];
        return (new RawRequest(method, target, sent, body), signature);
    }

    /// <summary>
    /// A JSON-protocol call (KMS) as the AWS SDKs send one: POST / with Content-Type and X-Amz-Target, signed over
    /// those, host and x-amz-date, with the body's hash signed but not sent. <paramref name="jsonSigner"/> decides the
    /// service: one for <c>kms</c> makes a true call; <see cref="Signer"/>, for <c>s3</c>, one signed for the wrong service.
    /// </summary>
    public RawRequest SignJson(SigV4Signer jsonSigner, string target, byte[] body)
    {
        IReadOnlyList<(string Name, string Value)> headers = [("Content-Type", JsonContentType), ("X-Amz-Target", target)];
        var signature = jsonSigner.SignHeaders("POST", "/", "", [.. headers, ("host", Authority)], SigV4Signer.Sha256Hex(body), DateTime.UtcNow);
        return new RawRequest("POST", "/", [.. headers, ("X-Amz-Date", signature.AmzDate), ("Authorization", signature.Authorization)], body);
    }

    public async Task<RawResponse> SendAsync(RawRequest request)
    {
        using var timeout = new CancellationTokenSource(ResponseTimeout);
        using var client = new TcpClient();
        await client.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token);
        var stream = client.GetStream();

        // The body goes out while the answer is read: a server that refuses early (a 10 MB document)
        // answers before the body ends and may close the connection under the writer.
        var writing = WriteAsync(client, stream, request, timeout.Token);
        var raw = new MemoryStream();
        try
        {
            await stream.CopyToAsync(raw, timeout.Token);
        }
        catch (IOException)
        {
            // A reset after the answer: what arrived before it is the answer.
        }

        await writing;
        return RawResponse.Parse(raw.ToArray());
    }

    private async Task WriteAsync(TcpClient client, NetworkStream stream, RawRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await stream.WriteAsync(request.Head(Authority), cancellationToken);
            for (var offset = 0; offset < request.Body.Length; offset += 64 * 1024)
            {
                await stream.WriteAsync(request.Body.AsMemory(offset, Math.Min(64 * 1024, request.Body.Length - offset)), cancellationToken);
            }

            if (request.EndAfterBody)
            {
                client.Client.Shutdown(SocketShutdown.Send);
            }
        }
        catch (Exception error) when (error is IOException or SocketException)
        {
            // The server stopped reading: it has refused the request, and its answer says why.
        }
    }

    /// <summary>The query as sent, split into parameters and sorted by name, as SigV4 wants it.</summary>
    private static string CanonicalQuery(string query)
    {
        return string.Join('&', query
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Contains('=', StringComparison.Ordinal) ? pair : pair + "=")
            .Order(StringComparer.Ordinal));
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}

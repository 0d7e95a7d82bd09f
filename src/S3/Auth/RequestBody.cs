using System.Globalization;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Auth;

/// <summary>Chooses the stream that reads and verifies the body, according to what the client promised about it.</summary>
internal static class RequestBody
{
    private const string DecodedLengthHeader = "x-amz-decoded-content-length";

    public static AuthenticatedRequest Open(HttpContext context, AccessKeyCredentials? credentials, PayloadHash payload, StreamingSigningContext? streaming)
    {
        var request = context.Request;
        Stream body = new RequestBodyStream(request.Body, request.ContentLength);
        long? length = request.ContentLength;
        Dictionary<string, string>? trailers = null;

        if (payload.IsChunked)
        {
            length = ReadDecodedLength(request.Headers);
            trailers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var chain = streaming is null ? null : new ChunkSignatureChain(streaming);
            body = new AwsChunkedStream(body, chain, payload.HasTrailer, length, trailers);
        }
        else if (payload.Kind == PayloadKind.Sha256)
        {
            body = new Sha256CheckingStream(body, payload.HeaderValue!);
        }

        // The decoders rent buffers and hash state; disposing them with the response returns those even
        // when the caller stops reading early.
        context.Response.RegisterForDispose(body);
        return new AuthenticatedRequest(credentials, body, length, trailers);
    }

    private static long? ReadDecodedLength(IHeaderDictionary headers)
    {
        var text = headers[DecodedLengthHeader].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            ? length
            : throw AuthErrors.InvalidArgument($"{DecodedLengthHeader} must be a non-negative integer.", DecodedLengthHeader, text);
    }
}

using Coffer.S3.Errors;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Auth;

/// <summary>
/// The raw request body, with the server's own failures turned into S3 errors. Kestrel throws
/// <see cref="BadHttpRequestException"/> when a client sends fewer bytes than its Content-Length and
/// closes; S3 calls that IncompleteBody. A body that simply ends early is caught here too.
/// </summary>
internal sealed class RequestBodyStream(Stream inner, long? declaredLength) : ReadOnlyStream
{
    private long _received;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = await inner.ReadAsync(buffer, cancellationToken);
        }
        catch (BadHttpRequestException e)
        {
            throw e.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => new S3Exception(S3Error.EntityTooLarge),
                StatusCodes.Status408RequestTimeout => new S3Exception(S3Error.RequestTimeout),
                _ => AuthErrors.IncompleteBody(),
            };
        }

        if (read == 0 && buffer.Length > 0 && _received < declaredLength)
        {
            throw AuthErrors.IncompleteBody();
        }

        _received += read;
        return read;
    }
}

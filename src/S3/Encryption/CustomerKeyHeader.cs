using System.Net;

using Coffer.Engine.Model;
using Coffer.S3.Errors;
using Coffer.S3.Http;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Encryption;

/// <summary>
/// SSE-C's three headers: the key a request brings (validated by <see cref="EncryptionHeaders"/>), what responses echo
/// of it (the algorithm and the key's MD5, never the key), and S3's rule that a key travels only over TLS.
/// </summary>
public static class CustomerKeyHeader
{
    public const string AlgorithmName = "x-amz-server-side-encryption-customer-algorithm";

    public const string KeyName = "x-amz-server-side-encryption-customer-key";

    public const string KeyMd5Name = "x-amz-server-side-encryption-customer-key-MD5";

    /// <summary>What the three headers of the key a write or read brings begin with (not a copy source's).</summary>
    public const string Prefix = "x-amz-server-side-encryption-customer-";

    private const string CopySourcePrefix = "x-amz-copy-source-server-side-encryption-customer-";

    /// <summary>The request's customer key, or null when it sends none.</summary>
    /// <exception cref="S3Exception">InvalidArgument or InvalidEncryptionAlgorithmError: the headers are incomplete or disagree.</exception>
    public static CustomerKey? Read(IHeaderDictionary headers) => EncryptionHeaders.CustomerKeyOf(headers) is { } key ? new CustomerKey(key) : null;

    /// <summary>A copy's source key (x-amz-copy-source-server-side-encryption-customer-*), or null when it sends none.</summary>
    public static CustomerKey? ReadCopySource(IHeaderDictionary headers) =>
        EncryptionHeaders.CopySourceCustomerKeyOf(headers) is { } key ? new CustomerKey(key) : null;

    /// <summary>Says the object is SSE-C, as S3 does on PUT, GET, HEAD and the multipart steps: the algorithm, and the key's MD5 when the request sent the key.</summary>
    public static void Write(IHeaderDictionary headers, ObjectAttributes attributes, CustomerKey? key)
    {
        if (attributes.Encryption?.Kind != ServerSideEncryption.SseC)
        {
            return;
        }

        headers[AlgorithmName] = ServerSideEncryptionHeader.Aes256;
        if (key is not null)
        {
            headers[KeyMd5Name] = key.Md5Base64;
        }
    }

    /// <summary>Says a part is SSE-C (UploadPart, UploadPartCopy): a key is accepted only for an SSE-C upload, with its own key, so the part is sealed under it.</summary>
    public static void WritePart(IHeaderDictionary headers, CustomerKey? key)
    {
        if (key is not null)
        {
            headers[AlgorithmName] = ServerSideEncryptionHeader.Aes256;
            headers[KeyMd5Name] = key.Md5Base64;
        }
    }

    /// <summary>
    /// S3 refuses a customer key sent over plain HTTP, where anyone on the way could read it. Coffer also lets a client on
    /// loopback (after trusted-proxy forwarding, so the address is the client's) send one, since nothing is on the way,
    /// and lets an operator allow plain HTTP outright (--allow-sse-c-over-http), e.g. behind a TLS proxy it does not trust
    /// with X-Forwarded-*.
    /// </summary>
    /// <param name="fields">The request's headers, or a POST form's fields.</param>
    public static void RequireSecureTransport(HttpContext context, IHeaderDictionary fields, S3Options options)
    {
        if (options.AllowCustomerKeysOverHttp || context.Request.IsHttps
            || context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address)
            || !fields.Keys.Any(CarriesCustomerKey))
        {
            return;
        }

        throw new S3Exception(S3Error.InvalidRequest, "Requests specifying Server Side Encryption with Customer provided keys must be made over a secure connection.");
    }

    private static bool CarriesCustomerKey(string name) =>
        name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || name.StartsWith(CopySourcePrefix, StringComparison.OrdinalIgnoreCase);
}

using System.Security.Cryptography;

using Coffer.S3.Errors;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Http;

/// <summary>
/// The rules S3 applies to a request's server-side encryption headers taken together, before it
/// encrypts anything: a customer key comes with its algorithm and its MD5, and they agree; a KMS
/// key id comes with aws:kms; a customer key excludes x-amz-server-side-encryption. A request that
/// breaks one gets S3's 400, whether or not the encryption it asks for is built.
/// </summary>
public static class EncryptionHeaders
{
    private const string Method = "x-amz-server-side-encryption";

    private static readonly string[] KmsOnly = [Method + "-aws-kms-key-id", Method + "-context", Method + "-bucket-key-enabled"];

    public static void Validate(IHeaderDictionary headers)
    {
        var customerKey = CustomerKeyOf(headers);
        CopySourceCustomerKeyOf(headers);

        var method = headers.TryGetValue(Method, out var value) ? value.ToString().Trim() : null;
        if (customerKey is not null && method is not null)
        {
            throw Invalid("Server Side Encryption with Customer provided key is incompatible with the encryption method specified", Method, method);
        }

        if (method is not ("aws:kms" or "aws:kms:dsse") && KmsOnly.FirstOrDefault(headers.ContainsKey) is { } kmsHeader)
        {
            throw Invalid("Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms", kmsHeader, headers[kmsHeader].ToString());
        }
    }

    /// <summary>The 32 bytes of the request's SSE-C key (x-amz-server-side-encryption-customer-*), or null when it names none.</summary>
    /// <exception cref="S3Exception">The three headers are incomplete or do not agree (S3's 400s).</exception>
    public static byte[]? CustomerKeyOf(IHeaderDictionary headers) => ValidateCustomerKey(headers, Method + "-customer-");

    /// <summary>As <see cref="CustomerKeyOf"/>, for a copy's source (x-amz-copy-source-server-side-encryption-customer-*).</summary>
    public static byte[]? CopySourceCustomerKeyOf(IHeaderDictionary headers) => ValidateCustomerKey(headers, "x-amz-copy-source-server-side-encryption-customer-");

    /// <summary>The customer key (under <paramref name="prefix"/>) when the request carries one that is complete and consistent.</summary>
    private static byte[]? ValidateCustomerKey(IHeaderDictionary headers, string prefix)
    {
        var algorithm = Value(headers, prefix + "algorithm");
        var key = Value(headers, prefix + "key");
        var keyMd5 = Value(headers, prefix + "key-MD5");
        if (algorithm is null && key is null && keyMd5 is null)
        {
            return null;
        }

        if (algorithm is null)
        {
            throw Invalid("Requests specifying Server Side Encryption with Customer provided keys must provide a valid encryption algorithm.", prefix + "algorithm", "null");
        }

        if (algorithm != "AES256")
        {
            throw new S3Exception(S3Error.InvalidEncryptionAlgorithmError, details: [new("ArgumentName", prefix + "algorithm"), new("ArgumentValue", algorithm)]);
        }

        var keyBytes = new byte[32];
        if (key is null || !Convert.TryFromBase64String(key, keyBytes, out var length) || length != keyBytes.Length)
        {
            throw key is null
                ? Invalid("Requests specifying Server Side Encryption with Customer provided keys must provide an appropriate secret key.", prefix + "key", "null")
                : Invalid("The secret key was invalid for the specified algorithm.", prefix + "key", "");
        }

        if (keyMd5 is null)
        {
            throw Invalid("Requests specifying Server Side Encryption with Customer provided keys must provide the client calculated MD5 of the secret key.", prefix + "key-MD5", "null");
        }

        if (keyMd5 != Convert.ToBase64String(MD5.HashData(keyBytes)))
        {
            throw Invalid("The calculated MD5 hash of the key did not match the hash that was provided.", prefix + "key-MD5", keyMd5);
        }

        return keyBytes;
    }

    private static string? Value(IHeaderDictionary headers, string name) => headers.TryGetValue(name, out var value) ? value.ToString().Trim() : null;

    // The key itself is never echoed in an error document.
    private static S3Exception Invalid(string message, string argument, string value) =>
        new(S3Error.InvalidArgument, message, [new("ArgumentName", argument), new("ArgumentValue", value)]);
}

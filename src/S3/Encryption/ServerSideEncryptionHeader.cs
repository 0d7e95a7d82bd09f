using Coffer.Engine.Model;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Encryption;

/// <summary>
/// x-amz-server-side-encryption: what a write asks for, and what every response about an encrypted object says. Only
/// AES256 (SSE-S3) reaches a handler; the other methods are refused before (see Members/RequestMembers).
/// </summary>
public static class ServerSideEncryptionHeader
{
    public const string Name = "x-amz-server-side-encryption";

    /// <summary>S3's name for SSE-S3.</summary>
    public const string Aes256 = "AES256";

    /// <summary>The encryption a write asks for; null when it names none.</summary>
    public static ObjectEncryption? Read(IHeaderDictionary headers) => headers.TryGetValue(Name, out var value) && value.ToString().Trim() == Aes256
        ? ObjectEncryption.SseS3
        : null;

    /// <summary>Says how a part is encrypted (UploadPart, UploadPartCopy): a sealed part is SSE-S3's, the only kind built.</summary>
    public static void Write(IHeaderDictionary headers, PartInfo part)
    {
        if (part.SealedKey is not null)
        {
            headers[Name] = Aes256;
        }
    }

    /// <summary>Says how an object is encrypted, on PUT, GET, HEAD and copy responses; nothing for a plaintext object.</summary>
    public static void Write(IHeaderDictionary headers, ObjectAttributes attributes)
    {
        if (attributes.Encryption?.Kind == ServerSideEncryption.SseS3)
        {
            headers[Name] = Aes256;
        }
    }
}

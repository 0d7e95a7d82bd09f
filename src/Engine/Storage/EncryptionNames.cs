using Coffer.Engine.Model;

namespace Coffer.Engine.Storage;

/// <summary>
/// How <see cref="ServerSideEncryption"/> is spelled in the metadata stores: x-amz-server-side-encryption's words (and
/// "SSE-C"), part of the database format.
/// </summary>
public static class EncryptionNames
{
    public static string ToStored(ServerSideEncryption encryption) => encryption switch
    {
        ServerSideEncryption.SseS3 => "AES256",
        ServerSideEncryption.SseKms => "aws:kms",
        ServerSideEncryption.DsseKms => "aws:kms:dsse",
        ServerSideEncryption.SseC => "SSE-C",
        _ => throw new ArgumentOutOfRangeException(nameof(encryption), encryption, "Not storable."),
    };

    public static ServerSideEncryption FromStored(string stored) => stored switch
    {
        "AES256" => ServerSideEncryption.SseS3,
        "aws:kms" => ServerSideEncryption.SseKms,
        "aws:kms:dsse" => ServerSideEncryption.DsseKms,
        "SSE-C" => ServerSideEncryption.SseC,
        _ => throw new InvalidDataException($"Unknown encryption '{stored}' in the database."),
    };
}

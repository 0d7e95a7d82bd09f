using Coffer.S3.Errors;

namespace Coffer.S3.Auth;

internal enum PayloadKind
{
    /// <summary>No promise about the body: UNSIGNED-PAYLOAD, or no header on a request that needs none.</summary>
    Unsigned,

    /// <summary>x-amz-content-sha256 holds the hex SHA-256 of the body.</summary>
    Sha256,

    /// <summary>aws-chunked with a signature on every chunk.</summary>
    StreamingSigned,

    /// <summary>aws-chunked with signed chunks and a signed trailer.</summary>
    StreamingSignedTrailer,

    /// <summary>aws-chunked without signatures, ending in trailers (usually a checksum).</summary>
    StreamingUnsignedTrailer,
}

/// <summary>What the <c>x-amz-content-sha256</c> header promises about the body, and so how to read it.</summary>
internal readonly record struct PayloadHash(PayloadKind Kind, string? HeaderValue)
{
    public const string HeaderName = "x-amz-content-sha256";

    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    private const string StreamingSignedValue = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    private const string StreamingSignedTrailerValue = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
    private const string StreamingUnsignedTrailerValue = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
    private const string EcdsaPrefix = "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD";

    public bool IsChunked => Kind is PayloadKind.StreamingSigned or PayloadKind.StreamingSignedTrailer or PayloadKind.StreamingUnsignedTrailer;

    public bool HasSignedChunks => Kind is PayloadKind.StreamingSigned or PayloadKind.StreamingSignedTrailer;

    public bool HasTrailer => Kind is PayloadKind.StreamingSignedTrailer or PayloadKind.StreamingUnsignedTrailer;

    public static PayloadHash Parse(string? value)
    {
        if (value is null)
        {
            return new PayloadHash(PayloadKind.Unsigned, null);
        }

        var kind = value switch
        {
            UnsignedPayload => PayloadKind.Unsigned,
            StreamingSignedValue => PayloadKind.StreamingSigned,
            StreamingSignedTrailerValue => PayloadKind.StreamingSignedTrailer,
            StreamingUnsignedTrailerValue => PayloadKind.StreamingUnsignedTrailer,
            _ when IsSha256Hex(value) => PayloadKind.Sha256,
            _ when value.StartsWith(EcdsaPrefix, StringComparison.Ordinal) =>
                throw new S3Exception(S3Error.NotImplemented, "Signature Version 4A (ECDSA) payload signing is not supported."),
            _ => throw AuthErrors.InvalidContentSha256(value),
        };
        return new PayloadHash(kind, value);
    }

    private static bool IsSha256Hex(string value)
    {
        if (value.Length != SigV4.SignatureHexLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}

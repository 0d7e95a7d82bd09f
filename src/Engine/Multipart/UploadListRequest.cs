using Coffer.Engine.Model;

namespace Coffer.Engine.Multipart;

public sealed record UploadListRequest
{
    public required BucketName Bucket { get; init; }

    public string Prefix { get; init; } = "";

    /// <summary>Any non-empty string groups keys into common prefixes; null or empty lists flat.</summary>
    public string? Delimiter { get; init; }

    /// <summary>List only uploads of keys after this one (key-marker)...</summary>
    public string? KeyMarker { get; init; }

    /// <summary>...and, with a key marker, uploads of that very key whose id is greater (upload-id-marker).</summary>
    public string? UploadIdMarker { get; init; }

    /// <summary>0 to 1,000; the protocol layer clamps what clients ask for.</summary>
    public int MaxUploads { get; init; } = 1000;
}

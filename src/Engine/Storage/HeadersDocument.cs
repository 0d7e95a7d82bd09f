using System.Collections.ObjectModel;
using System.Text.Json;
using System.Text.Json.Serialization;

using Coffer.Engine.Model;

namespace Coffer.Engine.Storage;

/// <summary>
/// The JSON stored in <c>object_versions.headers</c>. The property names are part of the
/// database format, so they are spelled out rather than derived from C# names.
/// </summary>
public sealed class HeadersDocument
{
    [JsonPropertyName("content_type")]
    public string? ContentType { get; init; }

    [JsonPropertyName("content_encoding")]
    public string? ContentEncoding { get; init; }

    [JsonPropertyName("content_disposition")]
    public string? ContentDisposition { get; init; }

    [JsonPropertyName("content_language")]
    public string? ContentLanguage { get; init; }

    [JsonPropertyName("cache_control")]
    public string? CacheControl { get; init; }

    [JsonPropertyName("expires")]
    public string? Expires { get; init; }

    [JsonPropertyName("meta")]
    public Dictionary<string, string>? UserMetadata { get; init; }

    public static string Serialize(ObjectHeaders headers)
    {
        var document = new HeadersDocument
        {
            ContentType = headers.ContentType,
            ContentEncoding = headers.ContentEncoding,
            ContentDisposition = headers.ContentDisposition,
            ContentLanguage = headers.ContentLanguage,
            CacheControl = headers.CacheControl,
            Expires = headers.Expires,
            UserMetadata = headers.UserMetadata.Count == 0
                ? null
                : new Dictionary<string, string>(headers.UserMetadata, StringComparer.Ordinal),
        };
        return JsonSerializer.Serialize(document, HeadersJsonContext.Default.HeadersDocument);
    }

    public static ObjectHeaders Deserialize(string json)
    {
        var document = JsonSerializer.Deserialize(json, HeadersJsonContext.Default.HeadersDocument)
            ?? throw new InvalidDataException("A stored headers document is null.");
        return new ObjectHeaders
        {
            ContentType = document.ContentType,
            ContentEncoding = document.ContentEncoding,
            ContentDisposition = document.ContentDisposition,
            ContentLanguage = document.ContentLanguage,
            CacheControl = document.CacheControl,
            Expires = document.Expires,
            // Most objects have no user metadata; a listing reads a thousand of them per page, and
            // one shared empty (read-only) dictionary spares an allocation for each.
            UserMetadata = document.UserMetadata is { } metadata ? metadata : ReadOnlyDictionary<string, string>.Empty,
        };
    }
}

// Source-generated, so no reflection at run time; absent headers are left out of the row.
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HeadersDocument))]
internal sealed partial class HeadersJsonContext : JsonSerializerContext;

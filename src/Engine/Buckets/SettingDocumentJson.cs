using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coffer.Engine.Buckets;

/// <summary>
/// How the engine writes the bucket settings it owns as JSON (lifecycle, Intelligent-Tiering): nulls left out, and enums
/// by name, so that a stored document reads back the same after members are added or reordered.
/// </summary>
public static class SettingDocumentJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };
}

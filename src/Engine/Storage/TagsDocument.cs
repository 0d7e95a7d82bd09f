using System.Text.Json;

using Coffer.Engine.Model;

namespace Coffer.Engine.Storage;

/// <summary>A version's or an upload's tags as the metadata stores keep them: JSON <c>[[key, value], ...]</c>, null for none.</summary>
public static class TagsDocument
{
    public static string? ToStored(TagSet tags) =>
        tags.Count == 0 ? null : JsonSerializer.Serialize(tags.Tags.Select(tag => new[] { tag.Key, tag.Value }));

    public static TagSet FromStored(string stored) =>
        TagSet.FromStored([.. JsonSerializer.Deserialize<string[][]>(stored)!.Select(pair => new Tag(pair[0], pair[1]))]);
}

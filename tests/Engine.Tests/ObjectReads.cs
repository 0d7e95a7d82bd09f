using Coffer.Engine.Model;
using Coffer.Engine.Objects;

namespace Coffer.Engine.Tests;

/// <summary>A whole object read through the engine, as GetObject reads it, for tests that compare bytes.</summary>
internal static class ObjectReads
{
    public static async Task<byte[]> ReadAllAsync(this ObjectEngine objects, BucketName bucket, string key)
    {
        using var opened = await objects.OpenAsync(bucket, EngineUnderTest.Key(key), CancellationToken.None);
        var output = new MemoryStream();
        await opened.CopyRangeToAsync(output, 0, opened.Info.Size, CancellationToken.None);
        return output.ToArray();
    }
}

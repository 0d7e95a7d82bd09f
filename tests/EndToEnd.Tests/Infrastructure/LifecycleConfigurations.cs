using Coffer.Engine.Buckets;
using Coffer.Engine.Lifecycle;
using Coffer.Engine.Model;

namespace Coffer.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Sets a bucket's lifecycle configuration through the engine, on the running server's database (a second connection,
/// as SQLite allows): until PutBucketLifecycleConfiguration is served, this is how the worker's end-to-end tests give a
/// bucket its rules. The worker reads the configuration afresh at every batch, so the server sees it at once.
/// </summary>
public static class LifecycleConfigurations
{
    public static async Task PutThroughEngineAsync(CofferServer server, string bucket, params LifecycleRule[] rules)
    {
        var (store, lifetime) = await server.OpenMetadataStoreAsync();
        await using var closing = lifetime;
        var name = BucketName.TryParse(bucket, out var parsed) ? parsed.Value : throw new ArgumentException(bucket, nameof(bucket));
        // As the engine keeps it, without S3's checks: these tests count days in seconds and use counts S3 would refuse.
        await new BucketSettings(store).PutAsync(name, BucketSettingName.Lifecycle, BucketLifecycle.Serialize(new LifecycleConfiguration { Rules = rules }), CancellationToken.None);
    }

    public static LifecycleRule Rule(string prefix) => new()
    {
        Id = "rule",
        Enabled = true,
        Filter = new LifecycleFilter { Prefix = prefix, Shape = LifecycleFilterShape.Prefix },
    };
}

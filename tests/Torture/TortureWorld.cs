using Coffer.TestKit;
using Coffer.Torture.Model;

namespace Coffer.Torture;

/// <summary>
/// The keys of a run and who writes them. Each key belongs to one worker, so its writes are
/// sequential and their order known. Keys sit under a few prefixes (and some at the top), so that
/// listings with a delimiter have both common prefixes and plain keys to agree on, and the awkward
/// keys of <see cref="AwkwardKeys"/> are shared out among the workers. The versioned workers
/// have keys of their own in a second bucket, created with object lock (so versioned), and the tiered workers in a
/// third, whose lifecycle rule archives every object to a GLACIER tier.
/// </summary>
public sealed class TortureWorld
{
    public const string Bucket = "torture";

    public const string VersionedBucket = "torture-versions";

    public const string TieredBucket = "torture-tiers";

    /// <summary>
    /// All but the leading slash: the .NET SDK strips it from the URL but not from what it signs
    /// (aws/aws-sdk-net#1720), so no server can accept that key from this client.
    /// </summary>
    private static readonly string[] Awkward = [.. AwkwardKeys.All.Where(key => key != AwkwardKeys.LeadingSlash)];

    private TortureWorld(
        IReadOnlyList<IReadOnlyList<KeyModel>> keysByWorker,
        IReadOnlyList<IReadOnlyList<VersionedKeyModel>> versionedKeysByWorker,
        IReadOnlyList<IReadOnlyList<KeyModel>> tieredKeysByWorker)
    {
        KeysByWorker = keysByWorker;
        VersionedKeysByWorker = versionedKeysByWorker;
        TieredKeysByWorker = tieredKeysByWorker;
    }

    public IReadOnlyList<IReadOnlyList<KeyModel>> KeysByWorker { get; }

    public IEnumerable<KeyModel> AllKeys => KeysByWorker.SelectMany(keys => keys);

    public UploadRegistry Uploads { get; } = new();

    public IReadOnlyList<IReadOnlyList<VersionedKeyModel>> VersionedKeysByWorker { get; }

    public IEnumerable<VersionedKeyModel> AllVersionedKeys => VersionedKeysByWorker.SelectMany(keys => keys);

    public UploadRegistry VersionedUploads { get; } = new();

    public IReadOnlyList<IReadOnlyList<KeyModel>> TieredKeysByWorker { get; }

    public IEnumerable<KeyModel> AllTieredKeys => TieredKeysByWorker.SelectMany(keys => keys);

    public static TortureWorld Create(int workers, int versionedWorkers, int tieredWorkers)
    {
        var keysByWorker = new List<IReadOnlyList<KeyModel>>();
        for (var worker = 0; worker < workers; worker++)
        {
            var names = new List<string> { $"top-{worker}", $"w{worker}/deep/d0", $"w{worker}/deep/d1" };
            names.AddRange(Enumerable.Range(0, 4).Select(i => $"w{worker}/k{i}"));
            names.AddRange(Awkward.Where((_, index) => index % workers == worker));
            keysByWorker.Add([.. names.Select(name => new KeyModel(Bucket, name))]);
        }

        var versionedKeysByWorker = Enumerable.Range(0, versionedWorkers)
            .Select(worker => (IReadOnlyList<VersionedKeyModel>)[.. new[] { $"top-v{worker}", $"v{worker}/a", $"v{worker}/b", $"v{worker}/deep/c" }
                .Select(name => new VersionedKeyModel(VersionedBucket, name))])
            .ToList();

        var tieredKeysByWorker = Enumerable.Range(0, tieredWorkers)
            .Select(worker => (IReadOnlyList<KeyModel>)[.. new[] { $"top-t{worker}", $"t{worker}/volume-1", $"t{worker}/volume-2", $"t{worker}/deep/volume-3", $"t{worker}/volume-4" }
                .Select(name => new KeyModel(TieredBucket, name))])
            .ToList();

        return new TortureWorld(keysByWorker, versionedKeysByWorker, tieredKeysByWorker);
    }
}

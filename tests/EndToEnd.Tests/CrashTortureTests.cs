using Coffer.Torture;

using Xunit.Abstractions;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// The short form of the crash torture (tests/Torture; the long form is its own command): a few
/// cycles of concurrent PUTs of every size, multipart uploads, overwrites, DeleteObject and
/// DeleteObjects, on a plain bucket and on an object-locked one (versions, delete markers, deletes
/// by version id, legal holds and retention), each ended by a SIGKILL at a random instant, then a
/// restart that checks every key, version, lock, listing, open upload and blob file against what
/// was acknowledged. Three in five of the plain bucket's objects are written encrypted (SSE-S3,
/// SSE-KMS under a key made through the KMS API, SSE-C under a key the verifier knows), and each
/// must read back still sealed so. A third bucket's rule moves every object to a GLACIER directory
/// tier a (one-second) day after it is written while a worker writes, deletes, restores and reads
/// it: transitions, restores and their expiry are cut by the kill too, and archived objects must
/// come back whole through a restore.
/// </summary>
public class CrashTortureTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Sigkill_DuringConcurrentMixedWrites_LosesNothingExposesNothingAndLeavesNoOrphans()
    {
        var options = new TortureOptions { Cycles = 4, Seed = Random.Shared.Next() };

        var report = await new TortureRun(options, output.WriteLine).RunAsync(CancellationToken.None);

        Assert.True(report.Passed, report.Summary());
        Assert.True(report.OperationsAcknowledged > 0, report.Summary());
        Assert.True(report.Get(Figure.ObjectReadBack) > 0, report.Summary());
        Assert.True(report.Get(Figure.AbsenceConfirmed) > 0, report.Summary());
        Assert.True(report.Get(Figure.ListingCompared) > 0, report.Summary());
        Assert.True(report.Get(Figure.VersionReadBack) > 0, report.Summary());
        Assert.True(report.Get(Figure.LockVerified) > 0, report.Summary());
        Assert.True(report.Get(Figure.SseS3Verified) > 0, report.Summary());
        Assert.True(report.Get(Figure.SseKmsVerified) > 0, report.Summary());
        Assert.True(report.Get(Figure.SseCVerified) > 0, report.Summary());
        Assert.True(report.Get(Figure.ArchivedVerified) > 0, report.Summary());
        Assert.True(report.Get(Figure.TierBlobChecked) > 0, report.Summary());
    }
}

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
/// <remarks>Both tests are in one class so that they run one after the other: each loads the machine's cores alone.</remarks>
public class CrashTortureTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Sigkill_DuringConcurrentMixedWrites_LosesNothingExposesNothingAndLeavesNoOrphans()
    {
        var options = new TortureOptions { Cycles = 4, Seed = Random.Shared.Next() };

        var report = await new TortureRun(options, output.WriteLine).RunAsync(CancellationToken.None);

        AssertPassedAndVerified(
            report,
            Figure.ObjectReadBack,
            Figure.AbsenceConfirmed,
            Figure.ListingCompared,
            Figure.VersionReadBack,
            Figure.LockVerified,
            Figure.SseS3Verified,
            Figure.SseKmsVerified,
            Figure.SseCVerified,
            Figure.ArchivedVerified,
            Figure.TierBlobChecked);
    }

    /// <summary>
    /// The same load spread over three nodes on one PostgreSQL database and one data directory, each request to a node
    /// its worker draws; each cycle one node is SIGKILLed while the other two keep serving, then it is restarted and
    /// everything is verified through every node. The sweep and the disk-against-metadata check run at the end with every
    /// node stopped. Archived objects are verified when the cycles archive some, but not required: three cycles may not.
    /// </summary>
    [Fact]
    public async Task Sigkill_OneOfThreeNodesOnPostgreSqlEachCycle_OthersServeOnAndNothingIsLostExposedOrOrphaned()
    {
        var options = new TortureOptions { Cycles = 3, Nodes = 3, Seed = Random.Shared.Next() };

        var report = await new TortureRun(options, output.WriteLine).RunAsync(CancellationToken.None);

        AssertPassedAndVerified(
            report,
            Figure.CompletedAfterKill,
            Figure.ObjectReadBack,
            Figure.AbsenceConfirmed,
            Figure.ListingCompared,
            Figure.VersionReadBack,
            Figure.LockVerified);
    }

    /// <summary>Nothing found wrong, something acknowledged, and each of <paramref name="figures"/> checked at least once.</summary>
    private static void AssertPassedAndVerified(TortureReport report, params Figure[] figures)
    {
        Assert.True(report.Passed, report.Summary());
        Assert.True(report.OperationsAcknowledged > 0, report.Summary());
        foreach (var figure in figures)
        {
            Assert.True(report.Get(figure) > 0, $"{figure} was never counted\n{report.Summary()}");
        }
    }
}

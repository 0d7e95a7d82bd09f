using System.Security.Cryptography;

using Coffer.Torture;
using Coffer.Torture.Model;
using Coffer.Torture.Verification;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// The crash torture's rule for one versioned key, on its own: each way a key's versions can go
/// wrong after a crash (a version lost, one exposed, the order or the latest flag wrong, a
/// protected version deleted) must be caught and named, and each outcome a cut-off request may
/// have must be accepted.
/// </summary>
public class CrashTortureVersionJudgeTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private static readonly ObjectContent First = Content(10, "PutObject #1");
    private static readonly ObjectContent Second = Content(20, "PutObject #2");

    [Fact]
    public void Judge_EveryAcknowledgedVersionListedNewestFirst_Passes()
    {
        var key = KeyWith(("v1", First, LockState.None), ("m2", null, LockState.None), ("v3", Second, LockState.None));
        var report = new TortureReport();

        var holds = VersionJudge.Judge(key, [Listed("v3", Second, latest: true), Listed("m2", null), Listed("v1", First)], Now, report);

        Assert.True(report.Passed, report.Summary());
        Assert.Equal(["v1", "m2", "v3"], holds.Select(version => version.VersionId));
    }

    [Fact]
    public void Judge_AcknowledgedVersionMissing_IsLost()
    {
        var key = KeyWith(("v1", First, LockState.None), ("v2", Second, LockState.None));
        var report = new TortureReport();

        VersionJudge.Judge(key, [Listed("v2", Second, latest: true)], Now, report);

        Assert.Equal(ViolationKind.Lost, Assert.Single(report.Violations).Kind);
    }

    [Fact]
    public void Judge_VersionNoRequestMade_IsExposed()
    {
        var key = KeyWith(("v1", First, LockState.None));
        var report = new TortureReport();

        VersionJudge.Judge(key, [Listed("v9", Second, latest: true), Listed("v1", First)], Now, report);

        Assert.Equal(ViolationKind.Exposed, Assert.Single(report.Violations).Kind);
    }

    [Fact]
    public void Judge_InFlightPutLandedOnTop_IsAcceptedWithTheAttemptsLock()
    {
        var key = KeyWith(("v1", First, LockState.None));
        var held = LockState.None with { LegalHold = true };
        key.Begin(new AddVersion(Second, held, "PutObject"));
        var report = new TortureReport();

        var holds = VersionJudge.Judge(key, [Listed("v2", Second, latest: true), Listed("v1", First)], Now, report);

        Assert.True(report.Passed, report.Summary());
        Assert.Equal(1, report.Get(Figure.InFlightLanded));
        Assert.Same(Second, holds[^1].Content);
        Assert.True(holds[^1].Lock.LegalHold);
    }

    [Fact]
    public void Judge_InFlightPutBelowTheTop_IsExposed()
    {
        var key = KeyWith(("v1", First, LockState.None));
        key.Begin(new AddVersion(Second, LockState.None, "PutObject"));
        var report = new TortureReport();

        VersionJudge.Judge(key, [Listed("v1", First, latest: true), Listed("v2", Second)], Now, report);

        Assert.Contains(report.Violations, violation => violation.Kind == ViolationKind.Exposed);
    }

    [Fact]
    public void Judge_InFlightDeleteOfAnUnlockedVersionLanded_IsAccepted()
    {
        var key = KeyWith(("v1", First, LockState.None), ("v2", Second, LockState.None));
        key.Begin(new RemoveVersion("v1", Bypass: false, "DeleteObject"));
        var report = new TortureReport();

        var holds = VersionJudge.Judge(key, [Listed("v2", Second, latest: true)], Now, report);

        Assert.True(report.Passed, report.Summary());
        Assert.Equal(1, report.Get(Figure.InFlightLanded));
        Assert.Equal(["v2"], holds.Select(version => version.VersionId));
    }

    [Fact]
    public void Judge_InFlightDeleteOfALegallyHeldVersionLanded_IsLockBroken()
    {
        var key = KeyWith(("v1", First, LockState.None with { LegalHold = true }), ("v2", Second, LockState.None));
        key.Begin(new RemoveVersion("v1", Bypass: true, "DeleteObject"));
        var report = new TortureReport();

        VersionJudge.Judge(key, [Listed("v2", Second, latest: true)], Now, report);

        Assert.Equal(ViolationKind.LockBroken, Assert.Single(report.Violations).Kind);
    }

    [Fact]
    public void Judge_InFlightDeleteUnderGovernanceWithoutBypassLanded_IsLockBroken()
    {
        var governed = new LockState(false, LockState.Governance, Now.AddHours(1));
        var key = KeyWith(("v1", First, governed), ("v2", Second, LockState.None));
        key.Begin(new RemoveVersion("v1", Bypass: false, "DeleteObject"));
        var report = new TortureReport();

        VersionJudge.Judge(key, [Listed("v2", Second, latest: true)], Now, report);

        Assert.Equal(ViolationKind.LockBroken, Assert.Single(report.Violations).Kind);
    }

    [Fact]
    public void Judge_VersionsOutOfOrder_IsAListingMismatch()
    {
        var key = KeyWith(("v1", First, LockState.None), ("v2", Second, LockState.None));
        var report = new TortureReport();

        VersionJudge.Judge(key, [Listed("v1", First, latest: true), Listed("v2", Second)], Now, report);

        Assert.Contains(report.Violations, violation => violation.Kind == ViolationKind.ListingMismatch);
    }

    [Fact]
    public void Judge_MarkerListedAsAVersion_IsAListingMismatch()
    {
        var key = KeyWith(("v1", First, LockState.None), ("m2", null, LockState.None));
        var report = new TortureReport();

        VersionJudge.Judge(key, [Listed("m2", First, latest: true), Listed("v1", First)], Now, report);

        Assert.Equal(ViolationKind.ListingMismatch, Assert.Single(report.Violations).Kind);
    }

    [Theory]
    [InlineData(false, 3600, false, Protection.Certain)]
    [InlineData(false, 3600, true, Protection.None)]
    [InlineData(true, 3600, true, Protection.Certain)]
    [InlineData(false, -3600, false, Protection.None)]
    [InlineData(false, 1, false, Protection.Uncertain)]
    public void AgainstDelete_OfGovernance_FollowsHoldBypassAndDate(bool legalHold, int secondsLeft, bool bypass, Protection expected)
    {
        var state = new LockState(legalHold, LockState.Governance, Now.AddSeconds(secondsLeft));

        Assert.Equal(expected, state.AgainstDelete(bypass, Now, Now));
    }

    [Fact]
    public void AgainstDelete_OfComplianceWithBypass_IsCertain()
    {
        var state = new LockState(false, LockState.Compliance, Now.AddHours(1));

        Assert.Equal(Protection.Certain, state.AgainstDelete(bypass: true, Now, Now));
    }

    private static VersionedKeyModel KeyWith(params (string Id, ObjectContent? Content, LockState Lock)[] versions)
    {
        var key = new VersionedKeyModel("b", "k");
        foreach (var (id, content, lockState) in versions)
        {
            key.Begin(new AddVersion(content, lockState, content is null ? "DeleteObject" : "PutObject"));
            key.Acknowledge(id);
        }

        return key;
    }

    private static ListedVersion Listed(string id, ObjectContent? content, bool latest = false) =>
        new("k", id, content is null, latest, content?.Length ?? 0, content?.ETag);

    private static ObjectContent Content(int size, string origin) => ObjectContent.OfPut(RandomNumberGenerator.GetBytes(size), origin);
}

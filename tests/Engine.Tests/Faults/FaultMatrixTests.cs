using Coffer.Engine.Errors;
using Coffer.TestKit.Faults;

namespace Coffer.Engine.Tests.Faults;

/// <summary>
/// Every engine operation against every storage step that can fail under it, on the real SQLite store and the real
/// file-system blob store. A failing step must give a clean error (an IOException, which S3 answers with 500
/// InternalError, or StorageFull, 507), leave the previous state whole and readable, show nothing half-done, leave
/// no blob that the sweep would not remove nor remove one that is referenced, and not stop the same request from
/// working once the storage does.
/// </summary>
public sealed class FaultMatrixTests
{
    public static TheoryData<Operation, FaultPoint, FaultKind, int> FailingSteps => new()
    {
        { Operation.PutObjectInline, FaultPoint.WriteKey, FaultKind.IoError, 1 },
        { Operation.PutObjectInline, FaultPoint.WriteKey, FaultKind.NoSpace, 1 },
        { Operation.PutObjectBlob, FaultPoint.BlobWrite, FaultKind.IoError, 1 },
        { Operation.PutObjectBlob, FaultPoint.BlobWrite, FaultKind.NoSpace, 2 },
        { Operation.PutObjectBlob, FaultPoint.BlobCommitBeforeRename, FaultKind.IoError, 1 },
        { Operation.PutObjectBlob, FaultPoint.BlobCommitBeforeRename, FaultKind.NoSpace, 1 },
        { Operation.PutObjectBlob, FaultPoint.BlobCommitAfterRename, FaultKind.IoError, 1 },
        { Operation.PutObjectBlob, FaultPoint.WriteKey, FaultKind.IoError, 1 },
        { Operation.PutObjectBlob, FaultPoint.WriteKey, FaultKind.NoSpace, 1 },
        { Operation.CopyObject, FaultPoint.WriteKey, FaultKind.IoError, 1 },
        { Operation.CopyObject, FaultPoint.WriteKey, FaultKind.NoSpace, 1 },
        { Operation.CreateMultipartUpload, FaultPoint.CreateUpload, FaultKind.IoError, 1 },
        { Operation.CreateMultipartUpload, FaultPoint.CreateUpload, FaultKind.NoSpace, 1 },
        { Operation.UploadPart, FaultPoint.BlobWrite, FaultKind.IoError, 1 },
        { Operation.UploadPart, FaultPoint.BlobWrite, FaultKind.NoSpace, 1 },
        { Operation.UploadPart, FaultPoint.BlobCommitBeforeRename, FaultKind.IoError, 1 },
        { Operation.UploadPart, FaultPoint.BlobCommitAfterRename, FaultKind.IoError, 1 },
        { Operation.UploadPart, FaultPoint.WriteKey, FaultKind.IoError, 1 },
        { Operation.UploadPart, FaultPoint.WriteKey, FaultKind.NoSpace, 1 },
        { Operation.UploadPartCopy, FaultPoint.BlobOpen, FaultKind.IoError, 1 },
        { Operation.UploadPartCopy, FaultPoint.BlobRead, FaultKind.IoError, 1 },
        { Operation.UploadPartCopy, FaultPoint.BlobWrite, FaultKind.NoSpace, 1 },
        { Operation.UploadPartCopy, FaultPoint.BlobCommitBeforeRename, FaultKind.IoError, 1 },
        { Operation.UploadPartCopy, FaultPoint.BlobCommitAfterRename, FaultKind.IoError, 1 },
        { Operation.UploadPartCopy, FaultPoint.WriteKey, FaultKind.IoError, 1 },
        { Operation.UploadPartCopy, FaultPoint.WriteKey, FaultKind.NoSpace, 1 },
        { Operation.CompleteMultipartUpload, FaultPoint.WriteKey, FaultKind.IoError, 1 },
        { Operation.CompleteMultipartUpload, FaultPoint.WriteKey, FaultKind.NoSpace, 1 },
        { Operation.DeleteObject, FaultPoint.WriteKey, FaultKind.IoError, 1 },
        { Operation.DeleteObject, FaultPoint.WriteKey, FaultKind.NoSpace, 1 },
        { Operation.DeleteObjects, FaultPoint.WriteKey, FaultKind.IoError, 2 },
        { Operation.DeleteObjects, FaultPoint.WriteKey, FaultKind.NoSpace, 2 },
        { Operation.GetObject, FaultPoint.BlobOpen, FaultKind.IoError, 1 },
        { Operation.GetObject, FaultPoint.BlobRead, FaultKind.IoError, 1 },
        { Operation.GetObject, FaultPoint.BlobRead, FaultKind.IoError, 2 },
    };

    /// <summary>Commits that land and then report an error: the caller cannot tell, so it must undo nothing they reference.</summary>
    public static TheoryData<Operation, FaultPoint> LandedCommits => new()
    {
        { Operation.PutObjectInline, FaultPoint.WriteKey },
        { Operation.PutObjectBlob, FaultPoint.WriteKey },
        { Operation.CopyObject, FaultPoint.WriteKey },
        { Operation.CreateMultipartUpload, FaultPoint.CreateUpload },
        { Operation.UploadPart, FaultPoint.WriteKey },
        { Operation.UploadPartCopy, FaultPoint.WriteKey },
        { Operation.CompleteMultipartUpload, FaultPoint.WriteKey },
        { Operation.DeleteObject, FaultPoint.WriteKey },
        { Operation.DeleteObjects, FaultPoint.WriteKey },
    };

    /// <summary>Clean-up after a commit that landed: deleting the released blob, or recording that it is gone.</summary>
    public static TheoryData<Operation, FaultPoint, FaultKind> FailingCleanUps => new()
    {
        { Operation.PutObjectBlob, FaultPoint.BlobDelete, FaultKind.IoError },
        { Operation.PutObjectBlob, FaultPoint.ForgetBlobDeletions, FaultKind.NoSpace },
        { Operation.PutObjectInline, FaultPoint.ForgetBlobDeletions, FaultKind.IoError },
        { Operation.CopyObject, FaultPoint.BlobDelete, FaultKind.IoError },
        { Operation.CompleteMultipartUpload, FaultPoint.BlobDelete, FaultKind.NoSpace },
        { Operation.DeleteObject, FaultPoint.BlobDelete, FaultKind.IoError },
        { Operation.DeleteObject, FaultPoint.ForgetBlobDeletions, FaultKind.NoSpace },
    };

    [Theory]
    [MemberData(nameof(FailingSteps))]
    public async Task Operation_StorageStepFails_CleanErrorPreviousStateIntactNoStrayBlob(Operation operation, FaultPoint point, FaultKind kind, int nth)
    {
        await using var stores = await FaultyStores.CreateAsync();
        var scenario = await FaultScenario.PrepareAsync(stores);

        await FailOnceAsync(stores, scenario, operation, point, kind, nth);

        Assert.Empty(stores.TemporaryFiles());
        await scenario.AssertUntouchedAsync(operation);
        Assert.Empty(await stores.SweepAndCheckAsync());
        await scenario.AssertUntouchedAsync(operation);

        await scenario.RunAsync(operation);
        await scenario.AssertDoneAsync(operation);
        Assert.Empty(await stores.SweepAndCheckAsync());
    }

    [Theory]
    [MemberData(nameof(LandedCommits))]
    public async Task Operation_CommitLandsButReportsAnError_KeepsEveryBlobItReferencesAndRetrySucceeds(Operation operation, FaultPoint point)
    {
        await using var stores = await FaultyStores.CreateAsync();
        var scenario = await FaultScenario.PrepareAsync(stores);

        await FailOnceAsync(stores, scenario, operation, point, FaultKind.IoErrorAfterLanding, operation == Operation.DeleteObjects ? 2 : 1);

        await scenario.AssertDoneAsync(operation);
        Assert.Empty(await stores.SweepAndCheckAsync());
        await scenario.AssertDoneAsync(operation);

        await scenario.RunAsync(operation);
        await scenario.AssertDoneAsync(operation);
        Assert.Empty(await stores.SweepAndCheckAsync());
    }

    [Theory]
    [MemberData(nameof(FailingCleanUps))]
    public async Task Operation_CleanUpAfterCommitFails_SucceedsAndTheSweepFreesTheBlob(Operation operation, FaultPoint point, FaultKind kind)
    {
        await using var stores = await FaultyStores.CreateAsync();
        var scenario = await FaultScenario.PrepareAsync(stores);

        stores.Plan.Arm(point, kind);
        await scenario.RunAsync(operation);

        Assert.Equal(1, stores.Plan.Fired);
        await scenario.AssertDoneAsync(operation);
        Assert.Empty(await stores.SweepAndCheckAsync());
        await scenario.AssertDoneAsync(operation);
    }

    /// <summary>Runs <paramref name="operation"/> with one fault armed; asserts that it fired and that the error is a clean one.</summary>
    private static async Task FailOnceAsync(FaultyStores stores, FaultScenario scenario, Operation operation, FaultPoint point, FaultKind kind, int nth)
    {
        stores.Plan.Arm(point, kind, nth);
        var error = await Record.ExceptionAsync(() => scenario.RunAsync(operation));

        Assert.Equal(1, stores.Plan.Fired);
        if (kind == FaultKind.NoSpace)
        {
            Assert.Equal(EngineError.StorageFull, Assert.IsType<EngineException>(error).Code);
        }
        else
        {
            Assert.IsAssignableFrom<IOException>(error);
        }
    }
}

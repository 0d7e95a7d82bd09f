using Coffer.Engine.Lifecycle;

namespace Coffer.Engine.Tests.Lifecycle;

/// <summary>The transitions port as a record of what the worker asked, answering <see cref="Answer"/>.</summary>
internal sealed class RecordingTransitions : IStorageClassTransitions
{
    public List<(string Key, string VersionId, string ETag, string StorageClass)> Calls { get; } = [];

    public TransitionOutcome Answer { get; set; } = TransitionOutcome.Transitioned;

    public Task<TransitionOutcome> TransitionAsync(
        string bucket, string key, string versionId, string expectedETag, string storageClass, CancellationToken cancellationToken)
    {
        lock (Calls)
        {
            Calls.Add((key, versionId, expectedETag, storageClass));
        }

        return Task.FromResult(Answer);
    }
}

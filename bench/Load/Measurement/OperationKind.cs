namespace Coffer.Bench.Load.Measurement;

/// <summary>What one timed operation was; a mixed run reports each kind on its own line as well as all together.</summary>
internal enum OperationKind
{
    Put,
    Get,
    Head,
    Delete,

    /// <summary>One ListObjectsV2 page.</summary>
    List,

    /// <summary>A whole multipart upload: create, every part, complete.</summary>
    Multipart,
}

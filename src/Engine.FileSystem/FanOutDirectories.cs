using System.Collections.Concurrent;

using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.FileSystem;

/// <summary>
/// Creates the fan-out folders on demand, durably. A blob's new name is only as durable as the
/// chain of directory entries that leads to it, so a new folder's parent is synced too.
/// </summary>
internal sealed class FanOutDirectories(BlobLayout layout)
{
    // Folders (by their "ab" or "abcd" prefix) whose entries this process has already synced.
    private readonly ConcurrentDictionary<string, byte> _durable = new(StringComparer.Ordinal);

    /// <summary>Returns the blob's folder, which exists and whose own directory entry is durable.</summary>
    public string EnsureDurable(BlobId id)
    {
        var outer = layout.OuterDirectoryOf(id);
        var inner = layout.DirectoryOf(id);
        EnsureOne(BlobLayout.OuterName(id), outer, layout.Root);
        EnsureOne(BlobLayout.OuterName(id) + BlobLayout.InnerName(id), inner, outer);
        return inner;
    }

    private void EnsureOne(string prefix, string directory, string parent)
    {
        if (_durable.ContainsKey(prefix))
        {
            return;
        }

        PrivateModes.CreateFolder(directory);

        // Sync the parent even when the folder already existed: a concurrent writer may have just
        // created it and not synced yet, and this blob must not depend on that writer's progress.
        // This costs one extra fsync per folder per process lifetime.
        DirectorySync.Flush(parent);
        _durable.TryAdd(prefix, 0);
    }
}

using Coffer.Engine.Model;

namespace Coffer.Engine.Sqlite;

/// <summary>
/// A bucket's row, read at most once for the key transactions of one unit of work: nothing an
/// <see cref="Ports.IKeyTransaction"/> does changes a bucket's row, and no other work runs on the writer in between,
/// so the first read stays true for the rest of the unit (a lifecycle batch of hundreds of keys reads it once).
/// </summary>
internal sealed class BucketRowOnce(SqliteSession session, string bucket)
{
    private bool _read;
    private BucketInfo? _row;

    public BucketInfo? Find()
    {
        if (!_read)
        {
            _row = BucketRows.Find(session, bucket);
            _read = true;
        }

        return _row;
    }
}

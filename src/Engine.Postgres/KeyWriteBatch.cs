using Coffer.Engine.Ports;

namespace Coffer.Engine.Postgres;

/// <summary>
/// The writes of one <see cref="IMetadataStore.WriteKeysAsync"/> call, as one unit of a writer's transaction: each
/// under a savepoint of its own inside the unit's, so that a write its rule refuses is undone alone, while an exception
/// leaves the unit (and the writer rolls all of it back, to the unit's savepoint). The bucket's row is read once.
/// </summary>
internal static class KeyWriteBatch
{
    public static IReadOnlyList<T> Run<T>(WriterConnection writer, string bucket, IReadOnlyList<KeyWrite<T>> writes, Func<T, bool> keep, DateTimeOffset now)
    {
        var bucketRow = new BucketRowOnce(bucket);
        var results = new T[writes.Count];
        for (var index = 0; index < writes.Count; index++)
        {
            // The savepoint statements are held, and go with the key writes' own (WriterConnection).
            writer.Hold("SAVEPOINT key_write");
            var mark = writer.Mark;
            results[index] = writes[index].Work(new PostgresKeyTransaction(writer, bucketRow, writes[index].Key, now));

            // ROLLBACK TO undoes the write's changes but keeps its savepoint; RELEASE then ends it, so that savepoints do
            // not pile up over a batch of hundreds. What the refused write still held never goes.
            if (!keep(results[index]))
            {
                writer.DropSince(mark);
                writer.Hold("ROLLBACK TO SAVEPOINT key_write");
            }

            writer.Hold("RELEASE SAVEPOINT key_write");
        }

        return results;
    }
}

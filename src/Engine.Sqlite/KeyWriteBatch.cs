using Coffer.Engine.Ports;

namespace Coffer.Engine.Sqlite;

/// <summary>
/// The writes of one <see cref="IMetadataStore.WriteKeysAsync"/> call, run as one unit of the writer's transaction:
/// each under a savepoint of its own inside the unit's, so that a write its rule refuses is undone alone, while an
/// exception leaves the unit (and the writer undoes all of it). The bucket's row is read once for all of them.
/// </summary>
internal static class KeyWriteBatch
{
    public static IReadOnlyList<T> Run<T>(SqliteSession session, string bucket, IReadOnlyList<KeyWrite<T>> writes, Func<T, bool> keep, DateTimeOffset now)
    {
        var bucketRow = new BucketRowOnce(session, bucket);
        var results = new T[writes.Count];
        for (var index = 0; index < writes.Count; index++)
        {
            session.Command("SAVEPOINT key_write;").ExecuteNonQuery();
            var result = writes[index].Work(new SqliteKeyTransaction(session, bucketRow, bucket, writes[index].Key, now));
            if (!keep(result))
            {
                // ROLLBACK TO undoes the write's changes but leaves its savepoint open; RELEASE then closes it.
                session.Command("ROLLBACK TO key_write;").ExecuteNonQuery();
            }

            session.Command("RELEASE key_write;").ExecuteNonQuery();
            results[index] = result;
        }

        return results;
    }
}

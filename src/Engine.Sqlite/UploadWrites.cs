using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Sqlite;

/// <summary>
/// A new multipart upload, recorded inside the writer's IMMEDIATE transaction once its bucket is found. (A part's
/// replacement, an abort and a completion are the engine's rules, run over <see cref="IKeyTransaction"/>.)
/// </summary>
internal static class UploadWrites
{
    public static CommitStatus Create(SqliteSession session, UploadInfo upload)
    {
        if (!BucketRows.Exists(session, upload.Bucket))
        {
            return CommitStatus.NoSuchBucket;
        }

        UploadRows.Insert(session, upload);
        return CommitStatus.Committed;
    }
}

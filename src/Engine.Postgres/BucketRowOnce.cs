using Coffer.Engine.Model;

namespace Coffer.Engine.Postgres;

/// <summary>
/// The bucket's row for the key transactions of one unit of work: no key transaction changes it, so it is read once, by
/// the first of them to need it, in the same round trip as that key's latest version (<see cref="PostgresKeyTransaction"/>).
/// </summary>
internal sealed class BucketRowOnce(string bucket)
{
    public string Bucket => bucket;

    public bool IsRead { get; private set; }

    public BucketInfo? Row { get; private set; }

    public Query<BucketInfo> Query => BucketRows.Find(bucket);

    public void Keep(BucketInfo? row)
    {
        Row = row;
        IsRead = true;
    }
}

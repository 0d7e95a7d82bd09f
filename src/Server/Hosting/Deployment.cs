namespace Coffer.Server.Hosting;

/// <summary>How this node is deployed: alone on its data directory (embedded SQLite), or one of several nodes sharing
/// the database and the blob directory.</summary>
/// <param name="SharesBlobs">Other nodes write into the same blob directory.</param>
public sealed record Deployment(bool SharesBlobs)
{
    public static readonly Deployment Alone = new(SharesBlobs: false);
}

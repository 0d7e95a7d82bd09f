using Coffer.Engine.Caching;

namespace Coffer.Server.Hosting;

/// <summary>Runs the <see cref="ChangeFeedWatcher"/> of a node on a shared database, on every node (it only reads).</summary>
public sealed class ChangeFeedService(ChangeFeedWatcher watcher) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => watcher.RunAsync(ChangeFeedWatcher.DefaultInterval, stoppingToken);
}

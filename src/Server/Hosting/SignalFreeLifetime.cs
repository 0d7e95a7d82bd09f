namespace Coffer.Server.Hosting;

/// <summary>
/// Stands in for the host's ConsoleLifetime, which takes SIGINT, SIGTERM and SIGQUIT for itself and swallows a
/// second Ctrl-C. `coffer server` handles them with <see cref="StopSignals"/>; a host embedded in another process
/// (the tests') leaves that process's signals alone.
/// </summary>
internal sealed class SignalFreeLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

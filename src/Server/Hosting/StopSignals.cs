using System.Runtime.InteropServices;

namespace Coffer.Server.Hosting;

/// <summary>
/// How `coffer server` answers signals. The first SIGINT (Ctrl-C) or SIGTERM drains: no new connections, and the
/// requests in flight may finish within the drain limit. A second one, or SIGQUIT (Ctrl-\), ends the process at
/// once with 128 + the signal's number (130 after SIGINT, 143 after SIGTERM, 131 after SIGQUIT), the code a shell
/// gives a process a signal killed. Uploads then in flight are cut and leave nothing behind, as after a crash: a
/// write is acknowledged only once committed, and the collector removes what an unfinished one left.
/// </summary>
/// <remarks>
/// The signals belong to the process, not to one host: when the server replaces its host (its metadata moved, see
/// <see cref="Follow"/>), they follow the new one, and a stop asked while no host serves stops the next at once.
/// </remarks>
public sealed partial class StopSignals : IDisposable
{
    private readonly TimeSpan _drainLimit;
    private readonly PosixSignalRegistration[] _registrations;
    private Target? _target;
    private int _stopsAsked;

    internal StopSignals(Target target, TimeSpan drainLimit)
    {
        _target = target;
        _drainLimit = drainLimit;
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal),
        ];
    }

    /// <summary>Whether a signal asked the server to stop: then it stops, whatever else was under way.</summary>
    public bool StopAsked => Volatile.Read(ref _stopsAsked) > 0;

    /// <summary>
    /// Points the signals at the host serving now, or at none (null) while one host is replaced by the next. A host
    /// that comes after a stop was asked is stopped at once.
    /// </summary>
    internal void Follow(Target? next)
    {
        // Written before the count is read, as a signal counts before it reads the host (both with full fences): a
        // signal at the same moment either finds this host and stops it, or is seen here. Stopping twice is harmless.
        Interlocked.Exchange(ref _target, next);
        if (next is not null && StopAsked)
        {
            next.Lifetime.StopApplication();
        }
    }

    /// <summary>What a signal acts on: the host that serves.</summary>
    /// <param name="FlushLogs">Writes out queued log entries: the console logger writes on its own thread, which an exit does not wait for.</param>
    internal sealed record Target(IHostApplicationLifetime Lifetime, InFlightRequests InFlight, ILogger Logger, Action FlushLogs);

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }

    /// <summary>The exit code of a stop at once: 128 + the signal's number, as POSIX shells report a killed process.</summary>
    private static int ExitCode(PosixSignal signal) => 128 + signal switch
    {
        PosixSignal.SIGINT => 2,
        PosixSignal.SIGQUIT => 3,
        _ => 15,
    };

    // Runs on a thread of its own, not the thread pool, so it is heard even when every pool thread is busy.
    private void OnSignal(PosixSignalContext context)
    {
        // Cancelled, the signal does not end the process by itself: what happens next is decided here.
        context.Cancel = true;
        var signal = context.Signal.ToString();
        var first = context.Signal != PosixSignal.SIGQUIT && Interlocked.Increment(ref _stopsAsked) == 1;

        // Read after the count, as Follow writes before it reads the count: a host that follows meanwhile is either
        // seen here or sees the stop there.
        var target = Volatile.Read(ref _target);
        if (first)
        {
            // Between two hosts there is nothing to drain: the loop that replaces them sees the stop and starts no other.
            if (target is not null)
            {
                Log.Draining(target.Logger, signal, target.InFlight.Count, _drainLimit.TotalSeconds);
                target.Lifetime.StopApplication();
            }

            return;
        }

        var exitCode = ExitCode(context.Signal);
        if (target is not null)
        {
            Log.StoppingAtOnce(target.Logger, signal, target.InFlight.Count, exitCode);
            target.FlushLogs();
        }

        Environment.Exit(exitCode);
    }

    private static partial class Log
    {
        [LoggerMessage(
            EventId = 210, Level = LogLevel.Information,
            Message = "Stopping on {Signal}: draining {InFlight} request(s) in flight (up to {DrainSeconds} s); press Ctrl-C again to stop at once")]
        public static partial void Draining(ILogger logger, string signal, int inFlight, double drainSeconds);

        [LoggerMessage(
            EventId = 211, Level = LogLevel.Warning,
            Message = "Stopping at once on {Signal}: {InFlight} request(s) in flight are cut; exit code {ExitCode}")]
        public static partial void StoppingAtOnce(ILogger logger, string signal, int inFlight, int exitCode);
    }
}

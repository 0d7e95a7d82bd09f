using System.Runtime.InteropServices;

namespace Coffer.Server.Hosting;

/// <summary>
/// How `coffer server` answers signals. The first SIGINT (Ctrl-C) or SIGTERM drains: no new connections, and the
/// requests in flight may finish within the drain limit. A second one, or SIGQUIT (Ctrl-\), ends the process at
/// once with 128 + the signal's number (130 after SIGINT, 143 after SIGTERM, 131 after SIGQUIT), the code a shell
/// gives a process a signal killed. Uploads then in flight are cut and leave nothing behind, as after a crash: a
/// write is acknowledged only once committed, and the collector removes what an unfinished one left.
/// </summary>
public sealed partial class StopSignals : IDisposable
{
    private readonly IHostApplicationLifetime _lifetime;
    private readonly InFlightRequests _inFlight;
    private readonly TimeSpan _drainLimit;
    private readonly ILogger _logger;
    private readonly Action _flushLogs;
    private readonly PosixSignalRegistration[] _registrations;
    private int _stopsAsked;

    /// <param name="flushLogs">Writes out queued log entries: the console logger writes on its own thread, which an exit does not wait for.</param>
    internal StopSignals(IHostApplicationLifetime lifetime, InFlightRequests inFlight, TimeSpan drainLimit, ILogger logger, Action flushLogs)
    {
        _lifetime = lifetime;
        _inFlight = inFlight;
        _drainLimit = drainLimit;
        _logger = logger;
        _flushLogs = flushLogs;
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal),
        ];
    }

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
        if (context.Signal != PosixSignal.SIGQUIT && Interlocked.Increment(ref _stopsAsked) == 1)
        {
            Log.Draining(_logger, signal, _inFlight.Count, _drainLimit.TotalSeconds);
            _lifetime.StopApplication();
            return;
        }

        var exitCode = ExitCode(context.Signal);
        Log.StoppingAtOnce(_logger, signal, _inFlight.Count, exitCode);
        _flushLogs();
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

using System.Collections.Concurrent;

using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Coffer.Server.Hosting;

/// <summary>
/// The console log, written in batches. Lines are formatted on the logging thread by the framework's own console
/// formatter (simple or JSON, exactly as `AddSimpleConsole`/`AddJsonConsole` configure it) and queued; one writer
/// thread wakes when the queue stops being empty, waits <see cref="BatchDelay"/> for more, and writes all it finds
/// at once. Hand-written because the framework's console logger hands every line to its writer thread one at a
/// time: with one access line per request that cost about a quarter of small-request throughput on two vCPUs
/// (docs/benchmarks.md, issue 14).
/// </summary>
[ProviderAlias("Console")]
public sealed class BatchedConsoleLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    /// <summary>How long the writer waits for more lines once one arrives: the most a line is held back.</summary>
    public static readonly TimeSpan BatchDelay = TimeSpan.FromMilliseconds(20);

    // Past this many queued lines (the writer cannot keep up) the logging thread writes the queue itself: memory
    // stays bounded, and the slowdown lands on whoever logs, as it does with the framework's logger.
    private const int MaxQueuedLines = 10_000;

    private readonly ConsoleFormatter _formatter;
    private readonly TextWriter _output;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly Lock _writing = new();
    private readonly Thread _writer;
    private int _queued;
    private volatile bool _disposed;

    public BatchedConsoleLoggerProvider(ConsoleFormatter formatter, TextWriter output)
    {
        _formatter = formatter;
        _output = output;
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "Console log writer" };
        _writer.Start();
    }

    internal IExternalScopeProvider ScopeProvider { get; private set; } = new LoggerExternalScopeProvider();

    public ILogger CreateLogger(string categoryName) => new BatchedConsoleLogger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => ScopeProvider = scopeProvider;

    /// <summary>Writes what is queued and stops the writer; later lines are written at once. Safe to call twice.</summary>
    public void Dispose()
    {
        _disposed = true;
        _arrived.Release();
        _writer.Join(TimeSpan.FromSeconds(2));
        WriteQueued();
    }

    private void Enqueue(string text)
    {
        if (_disposed)
        {
            lock (_writing)
            {
                _output.Write(text);
            }

            return;
        }

        _lines.Enqueue(text);
        var queued = Interlocked.Increment(ref _queued);
        if (_disposed)
        {
            // Disposed between the check above and the queueing: the writer may have drained for the last time.
            WriteQueued();
        }
        else if (queued == 1)
        {
            _arrived.Release();
        }
        else if (queued > MaxQueuedLines)
        {
            WriteQueued();
        }
    }

    private void WriteLoop()
    {
        while (!_disposed)
        {
            _arrived.Wait();
            if (!_disposed)
            {
                Thread.Sleep(BatchDelay);
            }

            WriteQueued();
        }
    }

    /// <summary>Writes every queued line, in order, in as few writes as the lines' size allows.</summary>
    private void WriteQueued()
    {
        lock (_writing)
        {
            var batch = new System.Text.StringBuilder();
            while (_lines.TryDequeue(out var line))
            {
                Interlocked.Decrement(ref _queued);
                batch.Append(line);
                if (batch.Length >= 64 * 1024)
                {
                    _output.Write(batch.ToString());
                    batch.Clear();
                }
            }

            if (batch.Length > 0)
            {
                _output.Write(batch.ToString());
                _output.Flush();
            }
        }
    }

    private sealed class BatchedConsoleLogger(string category, BatchedConsoleLoggerProvider provider) : ILogger
    {
        [ThreadStatic]
        private static StringWriter? t_text;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider.ScopeProvider.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var text = t_text ??= new StringWriter();
            provider._formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), provider.ScopeProvider, text);
            var built = text.GetStringBuilder();
            if (built.Length == 0)
            {
                return;
            }

            var line = built.ToString();
            built.Clear();
            if (built.Capacity > 4096)
            {
                built.Capacity = 4096;
            }

            provider.Enqueue(line);
        }
    }
}

using System.Diagnostics;

namespace Coffer.TestKit;

/// <summary>
/// Coffer as a separate OS process (`coffer server`), for tests that must kill it with SIGKILL.
/// Reads the port it bound from its "Coffer listening on" line.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private const string ListeningPrefix = "Coffer listening on ";

    private readonly Process _process;

    private readonly System.Text.StringBuilder _output;

    private readonly System.Text.StringBuilder _standardOutput;

    private ServerProcess(Process process, Uri endpoint, System.Text.StringBuilder output, System.Text.StringBuilder standardOutput)
    {
        _process = process;
        Endpoint = endpoint;
        _output = output;
        _standardOutput = standardOutput;
    }

    /// <summary>What the server printed so far, stdout and stderr interleaved.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>What the server printed so far on standard output alone (where the logs go).</summary>
    public string StandardOutput
    {
        get
        {
            lock (_output)
            {
                return _standardOutput.ToString();
            }
        }
    }

    public Uri Endpoint { get; }

    public int ProcessId => _process.Id;

    /// <summary>Starts coffer.dll from beside the test assembly and waits until it serves.</summary>
    /// <param name="arguments">More options for `coffer server` (--log-format json, say); not --data or --address again.</param>
    /// <param name="environment">More environment variables for it.</param>
    /// <param name="accessKey">The root key id to set, or null to let the server generate root credentials.</param>
    /// <param name="umask">
    /// The file mode creation mask to run the server under (e.g. "000"), set by a shell that then execs the
    /// server, so the process and its id are the server's own; null leaves this process's mask.
    /// </param>
    public static Task<ServerProcess> StartAsync(
        string dataDirectory,
        string? accessKey,
        string? secretKey,
        TimeSpan? timeout = null,
        string? umask = null,
        IEnumerable<string>? arguments = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var server = Path.Combine(AppContext.BaseDirectory, "coffer.dll");
        var start = new ProcessStartInfo(umask is null ? "dotnet" : "sh");
        if (umask is not null)
        {
            // sh -c SCRIPT NAME ARGS...: the script sees ARGS as "$@".
            foreach (var argument in new[] { "-c", $"umask {umask} && exec \"$@\"", "sh", "dotnet" })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in new[] { server, "server", "--data", dataDirectory, "--address", "127.0.0.1:0" }.Concat(arguments ?? []))
        {
            start.ArgumentList.Add(argument);
        }

        if (accessKey is not null && secretKey is not null)
        {
            start.Environment["COFFER_ROOT_USER"] = accessKey;
            start.Environment["COFFER_ROOT_PASSWORD"] = secretKey;
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return StartAsync(start, timeout);
    }

    /// <summary>Starts a `coffer server` command line the caller has put together, and waits until it serves.</summary>
    public static async Task<ServerProcess> StartAsync(ProcessStartInfo start, TimeSpan? timeout = null)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start coffer");
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Text.StringBuilder();
        var standardOutput = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                // Under the lock: after a SIGKILL both streams reach their end at once, and the other
                // handler may be appending while this one reads (an unlocked read tore the builder and
                // brought down the whole test process, found by the long crash torture).
                string soFar;
                lock (output)
                {
                    soFar = output.ToString();
                }

                ready.TrySetException(new InvalidOperationException("coffer exited before serving:\n" + soFar));
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
                standardOutput.AppendLine(e.Data);
            }

            NoticeListening(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }

            // With --log-format json the banner is on standard error.
            NoticeListening(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var endpoint = await ready.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(60));
        return new ServerProcess(process, endpoint, output, standardOutput);

        void NoticeListening(string? line)
        {
            if (line is not null && line.StartsWith(ListeningPrefix, StringComparison.Ordinal))
            {
                ready.TrySetResult(new Uri(line[ListeningPrefix.Length..].Trim()));
            }
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushes — the crash the store must survive.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <summary>SIGTERM: the graceful stop a service manager sends.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        await SignalAsync("TERM");
        return await WaitForExitAsync(timeout);
    }

    /// <summary>Sends a signal by name (TERM, INT, QUIT) and returns without waiting for its effect.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    /// <summary>The exit code, once the process has ended; throws if that takes longer than <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    /// <summary>Waits until the output holds <paramref name="text"/> (log lines arrive a little after what they tell) and returns all of it.</summary>
    public async Task<string> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        await WaitForLineAsync(text, timeout);
        return Output;
    }

    /// <summary>
    /// Waits until the server has printed a line containing <paramref name="text"/> (the banner's lines after the first,
    /// or a log line, may arrive after <see cref="StartAsync(string, string?, string?, TimeSpan?, string?, IEnumerable{string}?, IReadOnlyDictionary{string, string}?)"/>
    /// returned) and returns that line.
    /// </summary>
    public async Task<string> WaitForLineAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var line = Output.Split('\n').FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
            if (line is not null)
            {
                return line.TrimEnd('\r');
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"coffer did not print '{text}' within {timeout}; it printed:\n{Output}");
            }

            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}

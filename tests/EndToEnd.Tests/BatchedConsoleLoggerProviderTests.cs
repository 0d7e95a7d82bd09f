using Coffer.Server.Hosting;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Coffer.EndToEnd.Tests;

/// <summary>The console log written in batches: every line, whole, in each thread's order, and nothing kept back at the end.</summary>
public sealed class BatchedConsoleLoggerProviderTests
{
    private static readonly Action<ILogger, int, int, Exception?> Line =
        LoggerMessage.Define<int, int>(LogLevel.Information, 0, "thread {Thread} line {Line}");

    [Fact]
    public void Log_ManyThreadsAtOnce_EveryLineWrittenWholeAndInEachThreadsOrder()
    {
        using var services = Formatters();
        var output = new StringWriter();
        var provider = new BatchedConsoleLoggerProvider(Simple(services), TextWriter.Synchronized(output));
        var logger = provider.CreateLogger("Coffer.Test");

        // More lines than the queue's bound, so the logging threads also write the queue themselves.
        Parallel.For(0, 8, thread =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                Line(logger, thread, i, null);
            }
        });
        provider.Dispose();

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(40_000, lines.Length);
        Assert.All(lines, line => Assert.Matches(@"^info: Coffer\.Test\[0\] thread \d line \d+$", line));
        for (var thread = 0; thread < 8; thread++)
        {
            var prefix = $"thread {thread} line ";
            var order = lines.Where(l => l.Contains(prefix, StringComparison.Ordinal))
                .Select(l => int.Parse(l[(l.IndexOf(prefix, StringComparison.Ordinal) + prefix.Length)..], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(Enumerable.Range(0, 5_000), order);
        }
    }

    [Fact]
    public void Log_AfterDispose_IsWrittenAtOnce()
    {
        using var services = Formatters();
        var output = new StringWriter();
        var provider = new BatchedConsoleLoggerProvider(Simple(services), TextWriter.Synchronized(output));
        var logger = provider.CreateLogger("Coffer.Test");

        logger.LogWarning("before the end");
        provider.Dispose();
        logger.LogWarning("after the end");
        provider.Dispose();

        Assert.Equal(["warn: Coffer.Test[0] before the end", "warn: Coffer.Test[0] after the end"], output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static ServiceProvider Formatters() =>
        new ServiceCollection().AddLogging(logging => logging.AddSimpleConsole(o => o.SingleLine = true)).BuildServiceProvider();

    private static ConsoleFormatter Simple(ServiceProvider services) =>
        services.GetServices<ConsoleFormatter>().First(f => f.Name == ConsoleFormatterNames.Simple);
}

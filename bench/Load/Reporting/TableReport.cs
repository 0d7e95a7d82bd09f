using System.Globalization;

using Coffer.Bench.Load.Measurement;
using Coffer.Bench.Load.Options;

namespace Coffer.Bench.Load.Reporting;

/// <summary>The human-readable result on stdout: one row per line of figures, then list figures, notes and errors.</summary>
internal static class TableReport
{
    public static void Write(TextWriter output, LoadOptions options, RunFindings findings)
    {
        var lines = ResultLine.AllOf(findings);
        var size = ByteSize.Format(RunNames.Size(options));
        var header = new[] { "label", "mode", "workload", "op", "size", "conc", "seconds", "ops", "ops/s", "MiB/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors" };
        var rows = lines.Select(line => new[]
        {
            options.Label, RunNames.Mode(options), RunNames.Workload(options), line.Operation, size,
            Number(options.Concurrency), Fixed(findings.Seconds, 2), Number(line.Ops), Fixed(line.OpsPerSecond, 1), Fixed(line.MibPerSecond, 2),
            Fixed(line.P50, 3), Fixed(line.P90, 3), Fixed(line.P99, 3), Fixed(line.Max, 3), Number(findings.Errors.Count),
        }).ToList();

        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        output.WriteLine(Row(header, widths));
        foreach (var row in rows)
        {
            output.WriteLine(Row(row, widths));
        }

        if (options.RangeSize is { } rangeSize)
        {
            output.WriteLine($"ranged GETs: {ByteSize.Format(rangeSize)} each, from the middle half of each {size} object (MiB/s counts the ranges' bytes)");
        }

        if (options.SseS3)
        {
            output.WriteLine("SSE-S3: every write asked for AES256, and every answer was checked to say it");
        }

        if (findings.FullListingSeconds is { } listing)
        {
            output.WriteLine($"full listing: {Fixed(listing, 3)} s per listing of {findings.KeysListed} keys ({findings.ListingsCompleted} complete listings timed)");
        }
        else if (findings.KeysListed is { } entries && options.Delimiter is not null)
        {
            output.WriteLine($"delimited page: {entries} entries per page");
        }

        foreach (var note in findings.Notes)
        {
            output.WriteLine($"note: {note}");
        }

        if (findings.Errors.Count > 0)
        {
            output.WriteLine($"{findings.Errors.Count} errors; the first:");
            foreach (var message in findings.Errors.FirstMessages)
            {
                output.WriteLine($"  {message}");
            }
        }
    }

    private static string Row(string[] cells, int[] widths)
    {
        // Text left-aligned, figures right-aligned, as a reader scans them.
        return string.Join("  ", cells.Select((cell, i) => i < 5 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))).TrimEnd();
    }

    private static string Number(long value)
    {
        return value.ToString(CultureInfo.InvariantCulture);
    }

    private static string Fixed(double value, int decimals)
    {
        return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }
}

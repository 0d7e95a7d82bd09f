using System.Text.Json;

using Coffer.Bench.Load.Measurement;
using Coffer.Bench.Load.Options;
using Coffer.Bench.Load.Transport;

namespace Coffer.Bench.Load.Reporting;

/// <summary>
/// The result as JSON for bench/compare.sh: label, mode, workload, endpoint, size, concurrency, sse (AES256 or null),
/// rangeSize (bytes per ranged GET, or null), seconds, ops, opsPerSecond, mibPerSecond, latencyMs {p50, p90, p99, max},
/// errors; for list also fullListingSeconds and keysListed; and, when a run mixes kinds, the same figures per kind
/// under "operations".
/// </summary>
internal static class JsonReport
{
    public static void Write(Stream output, LoadOptions options, RunFindings findings)
    {
        var lines = ResultLine.AllOf(findings);
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("label", options.Label);
        json.WriteString("mode", RunNames.Mode(options));
        json.WriteString("workload", RunNames.Workload(options));
        json.WriteString("endpoint", options.Endpoint.OriginalString);
        json.WriteNumber("size", RunNames.Size(options));
        json.WriteNumber("concurrency", options.Concurrency);
        if (options.SseS3)
        {
            json.WriteString("sse", ServerSideEncryption.Aes256);
        }
        else
        {
            json.WriteNull("sse");
        }

        if (options.RangeSize is { } rangeSize)
        {
            json.WriteNumber("rangeSize", rangeSize);
        }
        else
        {
            json.WriteNull("rangeSize");
        }

        json.WriteNumber("seconds", Math.Round(findings.Seconds, 4));
        WriteFigures(json, lines[0]);
        json.WriteNumber("errors", findings.Errors.Count);
        if (findings.FullListingSeconds is { } listing)
        {
            json.WriteNumber("fullListingSeconds", Math.Round(listing, 4));
        }

        if (findings.KeysListed is { } keys)
        {
            json.WriteNumber("keysListed", keys);
        }

        if (findings.ListingsCompleted is { } completed)
        {
            json.WriteNumber("listingsCompleted", completed);
        }

        if (lines.Count > 1)
        {
            json.WriteStartObject("operations");
            foreach (var line in lines.Skip(1))
            {
                json.WriteStartObject(line.Operation);
                WriteFigures(json, line);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        json.WriteStartArray("notes");
        foreach (var note in findings.Notes)
        {
            json.WriteStringValue(note);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteFigures(Utf8JsonWriter json, ResultLine line)
    {
        json.WriteNumber("ops", line.Ops);
        json.WriteNumber("opsPerSecond", Math.Round(line.OpsPerSecond, 2));
        json.WriteNumber("mibPerSecond", Math.Round(line.MibPerSecond, 3));
        json.WriteStartObject("latencyMs");
        json.WriteNumber("p50", Math.Round(line.P50, 3));
        json.WriteNumber("p90", Math.Round(line.P90, 3));
        json.WriteNumber("p99", Math.Round(line.P99, 3));
        json.WriteNumber("max", Math.Round(line.Max, 3));
        json.WriteEndObject();
    }
}

using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;

namespace Coffer.Bench.Micro;

// Adds a GB/s column, so figures read directly against network and disk speeds.
public sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig()
    {
        AddColumn(new ThroughputColumn(ChecksumBenchmarks.BufferSize));
        SummaryStyle = SummaryStyle.Default.WithMaxParameterColumnWidth(40);
    }
}

using Coffer.Bench.Load.Options;

namespace Coffer.Bench.Load.Reporting;

/// <summary>How a run names itself in the table and the JSON, so that both say the same.</summary>
internal static class RunNames
{
    public static string Mode(LoadOptions options)
    {
        return options.Mode.ToString().ToLowerInvariant();
    }

    public static string Workload(LoadOptions options)
    {
        return options.Workload.ToString().ToLowerInvariant();
    }

    /// <summary>The object size; a listing's keys are zero-byte objects whatever --size says.</summary>
    public static long Size(LoadOptions options)
    {
        return options.Workload == Options.Workload.List ? 0 : options.Size;
    }
}

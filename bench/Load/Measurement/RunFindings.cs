namespace Coffer.Bench.Load.Measurement;

/// <summary>What a run found, ready for the table and the JSON.</summary>
internal sealed class RunFindings
{
    public double Seconds { get; set; }

    public OperationTally Tally { get; } = new();

    public required ErrorLog Errors { get; init; }

    /// <summary>For full listings: the mean seconds per complete listing (null when none completed while timed).</summary>
    public double? FullListingSeconds { get; set; }

    /// <summary>For list: the keys (or keys and common prefixes, with a delimiter) one complete listing returned.</summary>
    public long? KeysListed { get; set; }

    public long? ListingsCompleted { get; set; }

    /// <summary>Things the reader should know, e.g. that delete ran out of keys before the duration was up.</summary>
    public List<string> Notes { get; } = [];
}

namespace Coffer.Bench.Load.Workloads;

/// <summary>
/// Where a ranged GET (--range-size) starts: at any byte of the object's middle half, drawn afresh for each GET. Far from
/// both ends, a server that decrypts from the start or to the end of the object pays for it visibly; at any alignment,
/// the range usually starts and ends inside a 64 KiB sealed segment, as a client's ranges do.
/// </summary>
internal static class MiddleRange
{
    /// <param name="length">At most half of <paramref name="size"/>, which the option parser ensures.</param>
    public static long OffsetFor(long size, long length, Random random)
    {
        return (size / 4) + random.NextInt64((size / 2) - length + 1);
    }
}

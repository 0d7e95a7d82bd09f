using System.Collections.Concurrent;

namespace Coffer.Bench.Load.Workloads;

/// <summary>
/// Which keys of a mixed run exist at this moment, so that GET and HEAD only ask for keys that must be there.
/// A key is present with n users (n ≥ 0; readers and overwriters share it), absent, or held by one DELETE or
/// re-creating PUT. A DELETE only takes a key nobody uses: a GET racing a DELETE of the same key would fail for
/// the wrong reason. Overwrites may share a key with GETs because a key's content depends on the key alone.
/// </summary>
internal sealed class KeyStates
{
    private const int Absent = -1;
    private const int Exclusive = -2;
    private const int Probes = 64;

    private readonly int[] _states;
    private readonly ConcurrentQueue<int> _absent = new();

    public KeyStates(int count)
    {
        _states = new int[count];
    }

    /// <summary>Takes a shared hold on a random present key; -1 when none was found after a few probes.</summary>
    public int TryShareRandomPresent(Random random)
    {
        for (var probe = 0; probe < Probes; probe++)
        {
            var index = random.Next(_states.Length);
            int state;
            while ((state = Volatile.Read(ref _states[index])) >= 0)
            {
                if (Interlocked.CompareExchange(ref _states[index], state + 1, state) == state)
                {
                    return index;
                }
            }
        }

        return -1;
    }

    public void ReleaseShared(int index)
    {
        Interlocked.Decrement(ref _states[index]);
    }

    /// <summary>Takes a random present key that nobody uses, for a DELETE; -1 when none was found.</summary>
    public int TryTakeRandomUnused(Random random)
    {
        for (var probe = 0; probe < Probes; probe++)
        {
            var index = random.Next(_states.Length);
            if (Interlocked.CompareExchange(ref _states[index], Exclusive, 0) == 0)
            {
                return index;
            }
        }

        return -1;
    }

    /// <summary>Takes a deleted key for a PUT to re-create; -1 when none is absent.</summary>
    public int TryTakeAbsent()
    {
        while (_absent.TryDequeue(out var index))
        {
            if (Interlocked.CompareExchange(ref _states[index], Exclusive, Absent) == Absent)
            {
                return index;
            }
        }

        return -1;
    }

    /// <summary>Ends an exclusive hold. Unsure outcomes count as absent: a later PUT re-creates the key, no GET asks for it.</summary>
    public void ReleaseExclusive(int index, bool present)
    {
        Volatile.Write(ref _states[index], present ? 0 : Absent);
        if (!present)
        {
            _absent.Enqueue(index);
        }
    }
}

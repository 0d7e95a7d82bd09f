using Coffer.Engine.Errors;

namespace Coffer.TestKit.Faults;

/// <summary>
/// Which storage call fails, and how: the <see cref="Arm"/>ed point's Nth call from now fails once, then the
/// storage works again, as a disk that hiccups does. Shared by <see cref="FaultyBlobStore"/> and
/// <see cref="FaultyMetadataStore"/>, so that one plan can speak of both. Thread-safe.
/// </summary>
public sealed class FaultPlan
{
    private readonly Lock _gate = new();
    private FaultPoint? _point;
    private FaultKind _kind;
    private int _callsLeft;

    /// <summary>How many faults have fired since the plan was made.</summary>
    public int Fired { get; private set; }

    /// <summary>Makes the <paramref name="nth"/> call (1 = the next) of <paramref name="point"/> fail with <paramref name="kind"/>.</summary>
    public void Arm(FaultPoint point, FaultKind kind, int nth = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nth, 1);
        lock (_gate)
        {
            (_point, _kind, _callsLeft) = (point, kind, nth);
        }
    }

    public void Disarm()
    {
        lock (_gate)
        {
            _point = null;
        }
    }

    /// <summary>Counts a call of <paramref name="point"/>; returns the fault to inject when this call is the one armed.</summary>
    public FaultKind? Take(FaultPoint point)
    {
        lock (_gate)
        {
            if (_point != point || --_callsLeft > 0)
            {
                return null;
            }

            _point = null;
            Fired++;
            return _kind;
        }
    }

    /// <summary>The exception that a fault of <paramref name="kind"/> throws at <paramref name="point"/>.</summary>
    public static Exception Failure(FaultPoint point, FaultKind kind) => kind switch
    {
        // EIO, as .NET on Linux reports it: the errno in HResult.
        FaultKind.IoError or FaultKind.IoErrorAfterLanding => new IOException($"Injected I/O error at {point}.", 5),
        _ => new EngineException(EngineError.StorageFull, $"Injected: no space left at {point}.", new IOException("No space left on device", 28)),
    };
}

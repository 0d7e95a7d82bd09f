namespace Coffer.Engine.Ports;

/// <summary>
/// A tier's blob store could not do what was asked: its endpoint did not answer, answered with an error
/// (5xx, throttling, refused credentials, a missing bucket), or broke off a transfer. The blob itself may be
/// fine; the tier is what failed, so the engine keeps a version where it was (a transition is tried again on a
/// later pass) and reports a read as an internal error rather than as a missing object.
/// An <see cref="IOException"/>, so code that already treats storage I/O failures alike keeps doing so.
/// </summary>
public sealed class TierUnavailableException(string message, Exception? cause = null) : IOException(message, cause);

namespace Coffer.Bench.Load.Transport;

/// <summary>An operation the server answered wrongly: a status, a missing header, a short or corrupt body.</summary>
internal sealed class LoadFailure(string message) : Exception(message);

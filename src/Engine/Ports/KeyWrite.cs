namespace Coffer.Engine.Ports;

/// <summary>One write of <see cref="IMetadataStore.WriteKeysAsync"/>: the key, and the work to run on it (the engine's rule).</summary>
public sealed record KeyWrite<T>(string Key, Func<IKeyTransaction, T> Work);

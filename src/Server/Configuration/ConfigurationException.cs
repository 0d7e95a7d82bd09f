namespace Coffer.Server.Configuration;

/// <summary>
/// A setting that cannot be used. The message is one line that names where the value came from (a flag, a
/// variable or the config file) and what is wrong with it; `coffer server` prints it and exits with code 2.
/// </summary>
public sealed class ConfigurationException(string message) : Exception(message);

namespace Coffer.Server.Configuration;

/// <summary>
/// Resolves `coffer server`'s settings: for each, the flag if given, else its COFFER_* variable, else the config
/// file's key, else the default. Every value is parsed here, once, before anything is created on disk.
/// </summary>
public static class ServerConfiguration
{
    /// <param name="flags">The flags given on the command line, by setting name (`address`), as typed.</param>
    /// <param name="environment">Reads one environment variable (tests pass their own).</param>
    /// <exception cref="ConfigurationException">A value is unusable; the message names its source.</exception>
    public static ServerOptions Resolve(IReadOnlyDictionary<string, string> flags, Func<string, string?> environment)
    {
        var configPath = flags.GetValueOrDefault(ServerSettings.Config.Name) ?? NonEmpty(environment(ServerSettings.Config.EnvironmentVariable));
        var file = configPath is null ? new Dictionary<string, string>() : ConfigFile.Read(configPath);

        var options = new ServerOptions { ConfigFile = configPath is null ? null : Path.GetFullPath(configPath) };
        foreach (var setting in ServerSettings.All)
        {
            if (flags.TryGetValue(setting.Name, out var flag))
            {
                options = Apply(setting, options, flag, $"{setting.Flag} {flag}");
            }
            else if (NonEmpty(environment(setting.EnvironmentVariable)) is { } variable)
            {
                options = Apply(setting, options, variable, $"{setting.EnvironmentVariable}={variable}");
            }
            else if (file.TryGetValue(setting.Name, out var fromFile))
            {
                options = Apply(setting, options, fromFile, $"{configPath}: {setting.Name} = {fromFile}");
            }
        }

        return options with { RootCredentials = RootCredentialSettings.FromEnvironment(environment) };
    }

    private static ServerOptions Apply(ServerSetting setting, ServerOptions options, string value, string source)
    {
        try
        {
            return setting.Apply(options, value);
        }
        catch (Exception error) when (error is FormatException or ArgumentException or OverflowException)
        {
            throw new ConfigurationException($"{source}: {error.Message}");
        }
    }

    // An empty variable (COFFER_DATA=) is how shells and unit files unset one; it means "not given".
    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

namespace Coffer.Server.Configuration;

/// <summary>
/// One setting of `coffer server`, settable three ways under one name: the flag `--NAME`, the environment variable
/// `COFFER_NAME` (upper case, dashes as underscores) and the key `NAME` in the config file.
/// </summary>
/// <param name="Name">The long option name without its dashes, e.g. `trusted-proxies`.</param>
/// <param name="ValueName">How help shows the value, e.g. `HOST:PORT`.</param>
/// <param name="Description">One line for `--help` and the README's table.</param>
/// <param name="DefaultText">The default as a person would write it, or null when there is none.</param>
/// <param name="Apply">
/// Parses the text and returns the options with the value set; throws <see cref="FormatException"/> (or
/// <see cref="ArgumentException"/>) whose message says what is wrong, without naming the source, which the caller adds.
/// </param>
public sealed record ServerSetting(string Name, string ValueName, string Description, string? DefaultText, Func<ServerOptions, string, ServerOptions> Apply)
{
    public string Flag => "--" + Name;

    public string EnvironmentVariable => "COFFER_" + Name.ToUpperInvariant().Replace('-', '_');
}

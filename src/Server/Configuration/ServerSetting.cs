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

    /// <summary>
    /// True when the flag may be given more than once: its values reach <see cref="Apply"/> joined by commas, as the
    /// environment variable and the config file key write a list.
    /// </summary>
    public bool Repeatable { get; init; }

    /// <summary>The variable's name when it is not derived from <see cref="Name"/> (a repeatable flag's list is plural).</summary>
    public string? EnvironmentName { get; init; }

    public string EnvironmentVariable => EnvironmentName ?? "COFFER_" + Name.ToUpperInvariant().Replace('-', '_');
}

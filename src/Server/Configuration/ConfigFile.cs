using System.Globalization;

using Tomlyn;
using Tomlyn.Model;

namespace Coffer.Server.Configuration;

/// <summary>
/// The `--config` file: TOML, one `NAME = value` per setting, NAME being the option's long name without dashes
/// (`address = "0.0.0.0:9000"`, `trusted-proxies = ["10.0.0.0/8"]`). TOML because people edit it by hand: it has
/// comments, and no indentation or trailing-comma rules to trip on.
/// </summary>
public static class ConfigFile
{
    /// <summary>Each key's value as text, the same text a flag or variable would carry (arrays comma-joined).</summary>
    /// <exception cref="ConfigurationException">
    /// The file cannot be read, is not TOML, or has a key that is not a setting (a misspelt key must not be ignored).
    /// </exception>
    public static IReadOnlyDictionary<string, string> Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"cannot read the config file {path}: {error.Message}");
        }

        TomlTable table;
        try
        {
            table = TomlSerializer.Deserialize<TomlTable>(text) ?? [];
        }
        catch (TomlException error)
        {
            // Tomlyn's message starts with "(line,column) : error : ", which reads well after the path.
            throw new ConfigurationException($"{path}{OneLine(error.Message)}");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in table)
        {
            if (ServerSettings.Find(key) is null)
            {
                throw new ConfigurationException(
                    $"{path}: unknown setting '{key}'; the settings are {string.Join(", ", ServerSettings.All.Select(s => s.Name))}");
            }

            values[key] = AsText(value) ?? throw new ConfigurationException(
                $"{path}: {key} must be a string, a number, true/false or a list of strings, not a {value?.GetType().Name ?? "null"}");
        }

        return values;
    }

    private static string? AsText(object? value) => value switch
    {
        string text => text,
        bool flag => flag ? "true" : "false",
        long or double => Convert.ToString(value, CultureInfo.InvariantCulture),
        TomlArray list when list.All(item => item is string) => string.Join(',', list.Cast<string>()),
        _ => null,
    };

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}

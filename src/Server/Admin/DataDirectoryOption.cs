using System.CommandLine;

using Coffer.Server.Configuration;

namespace Coffer.Server.Admin;

/// <summary>The <c>--data</c> option of the admin commands that open a data directory: the same default everywhere.</summary>
internal static class DataDirectoryOption
{
    /// <param name="what">What the directory is to this command, the start of the option's help line.</param>
    public static Option<string> Create(string what) => new("--data")
    {
        Description = what + "; without it, $COFFER_DATA, else ./data",
        DefaultValueFactory = _ => ServerSettings.FromEnvironmentOrDefault("data"),
    };
}

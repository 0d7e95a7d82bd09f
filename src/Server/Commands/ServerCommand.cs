using System.CommandLine;

using Coffer.Server.Configuration;

namespace Coffer.Server.Commands;

/// <summary>`coffer server`: run a node on the embedded stores.</summary>
public static class ServerCommand
{
    public static Command Create()
    {
        var command = new Command(
            "server",
            "Run the Coffer S3 server. Every option can also be set as COFFER_NAME in the environment (COFFER_DATA, "
            + "COFFER_TRUSTED_PROXIES, ...) or as NAME = value in the --config file; a flag wins over the environment, "
            + "which wins over the file, which wins over the default. Root credentials come from COFFER_ROOT_USER and "
            + "COFFER_ROOT_PASSWORD (at least 8 characters), else the data directory's root-credentials.json, made at first start.");

        // No option has a default here: an option that was not typed must not hide the environment or the file.
        var options = new List<(ServerSetting Setting, Option Option, Func<ParseResult, string> Value)>();
        foreach (var setting in ServerSettings.All.Prepend(ServerSettings.Config))
        {
            var description = $"{setting.Description} [env: {setting.EnvironmentVariable}]"
                + (setting.DefaultText is null ? "" : $" [default: {setting.DefaultText}]");

            // A repeatable option may be given again, one value each time; its values reach the setting joined by commas.
            if (setting.Repeatable)
            {
                var list = new Option<string[]>(setting.Flag) { Description = description, HelpName = setting.ValueName, AllowMultipleArgumentsPerToken = false };
                command.Options.Add(list);
                options.Add((setting, list, parse => string.Join(',', parse.GetValue(list) ?? [])));
            }
            else
            {
                var single = new Option<string>(setting.Flag) { Description = description, HelpName = setting.ValueName };
                command.Options.Add(single);
                options.Add((setting, single, parse => parse.GetValue(single) ?? ""));
            }
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var given = options
                .Where(o => parse.GetResult(o.Option) is not null)
                .ToDictionary(o => o.Setting.Name, o => o.Value(parse), StringComparer.Ordinal);

            ServerOptions resolved;
            try
            {
                resolved = ServerConfiguration.Resolve(given, Environment.GetEnvironmentVariable);
            }
            catch (ConfigurationException invalid)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"coffer: {invalid.Message}");
                return ServerStartup.InvalidConfiguration;
            }

            return await ServerStartup.RunAsync(resolved, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken);
        });
        return command;
    }
}

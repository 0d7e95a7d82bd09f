using Coffer.Server.Configuration;
using Coffer.Server.Credentials;
using Coffer.Server.Hosting;

namespace Coffer.Server.Commands;

/// <summary>What `coffer server` prints once it is ready: where it listens and how to reach it.</summary>
public static class Banner
{
    /// <summary>Tests read this line to find the port the server bound.</summary>
    public const string ListeningPrefix = "Coffer listening on ";

    /// <param name="interactive">
    /// Whether a person is reading <paramref name="output"/> (a terminal). A generated secret is shown only
    /// then: when the output goes to a file, a journal or a container's log, it would be kept there.
    /// </param>
    public static void Print(TextWriter output, CofferHost host, ServerOptions options, bool interactive)
    {
        var endpoint = host.Endpoint.ToString().TrimEnd('/');
        output.WriteLine(ListeningPrefix + endpoint);
        output.WriteLine($"  data:   {Path.GetFullPath(options.DataDirectory)}");
        output.WriteLine($"  region: {options.Region}");
        if (options.ConfigFile is not null)
        {
            output.WriteLine($"  config: {options.ConfigFile}");
        }

        var stored = RootCredentials.PathIn(options.DataDirectory);
        if (host.Root.Source == RootCredentialSource.Environment)
        {
            output.WriteLine($"  root:   {host.Root.AccessKeyId}, from {RootCredentialSettings.UserVariable} and {RootCredentialSettings.PasswordVariable}");
        }
        else if (host.Root.Source == RootCredentialSource.StoredFile)
        {
            output.WriteLine($"  root:   {host.Root.AccessKeyId}, stored in {stored} (mode 0600)");
        }
        else
        {
            // Printed this once only; afterwards it is in the data directory, readable by its owner.
            output.WriteLine($"  Generated root credentials (stored in {stored}, mode 0600):");
            output.WriteLine($"    AccessKeyId:     {host.Root.AccessKeyId}");
            output.WriteLine(interactive
                ? $"    SecretAccessKey: {host.Root.SecretAccessKey}"
                : $"    SecretAccessKey: not shown, as this output is not a terminal; it is in {stored}");
        }

        output.WriteLine();
        output.WriteLine("  Try it:");
        output.WriteLine($"    export AWS_ACCESS_KEY_ID={host.Root.AccessKeyId} AWS_SECRET_ACCESS_KEY=<secret> AWS_DEFAULT_REGION={options.Region}");
        output.WriteLine($"    aws --endpoint-url {endpoint} s3 mb s3://photos");
        output.WriteLine($"    aws --endpoint-url {endpoint} s3 cp ./file.jpg s3://photos/a/b.jpg");
        output.Flush();
    }
}

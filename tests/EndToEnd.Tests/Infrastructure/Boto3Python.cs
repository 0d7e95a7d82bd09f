using System.Diagnostics;

namespace Coffer.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A Python interpreter that can import boto3: the one on PATH if it can (a developer's pyenv or venv), else Debian's
/// /usr/bin/python3 with the python3-boto3 package that .ci/run installs. Never skipped: boto3 is a client we promise.
/// </summary>
public static class Boto3Python
{
    private static readonly string[] Candidates = ["python3", "/usr/bin/python3"];

    public static async Task<string> FindAsync()
    {
        foreach (var candidate in Candidates)
        {
            var start = new ProcessStartInfo(candidate) { ArgumentList = { "-c", "import boto3" } };
            try
            {
                if ((await ChildProcess.RunAsync(start, TimeSpan.FromSeconds(60))).ExitCode == 0)
                {
                    return candidate;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not installed under this name; try the next.
            }
        }

        throw new InvalidOperationException("No python3 here imports boto3; install Debian's python3-boto3 (.ci/run does).");
    }

    /// <summary>Runs a script under tests/clients/python against a server, with root's keys in the environment.</summary>
    public static async Task<ChildProcess.Result> RunScriptAsync(CofferServer server, string script, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(await FindAsync())
        {
            ArgumentList = { Path.Combine(RepositoryRoot.Find(), "tests", "clients", "python", script), server.Endpoint.ToString().TrimEnd('/') },
        };
        start.Environment["AWS_ACCESS_KEY_ID"] = server.AccessKey;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = server.SecretKey;
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        return await ChildProcess.RunAsync(start, timeout);
    }
}

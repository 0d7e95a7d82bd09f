using System.Diagnostics;

namespace Coffer.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Runs the real aws CLI against a server, with credentials in the environment only: root's,
/// unless a user's key (and, for temporary credentials, a session token) is given.
/// </summary>
public sealed class AwsCli(CofferServer server, string? accessKey = null, string? secretKey = null, string? sessionToken = null)
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public async Task<Result> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("aws")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--endpoint-url");
        start.ArgumentList.Add(server.Endpoint.ToString().TrimEnd('/'));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["AWS_ACCESS_KEY_ID"] = accessKey ?? server.AccessKey;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = secretKey ?? server.SecretKey;
        if (sessionToken is not null)
        {
            start.Environment["AWS_SESSION_TOKEN"] = sessionToken;
        }

        start.Environment["AWS_DEFAULT_REGION"] = CofferServer.Region;
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment["AWS_PAGER"] = "";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start aws");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await output, await error);
    }

    public async Task<string> RunCheckedAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        Assert.True(result.ExitCode == 0, $"aws {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Error}");
        return result.Output;
    }
}

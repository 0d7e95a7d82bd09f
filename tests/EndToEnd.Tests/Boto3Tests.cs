using System.Text.Json;

using Coffer.EndToEnd.Tests.Infrastructure;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// boto3, as Python users drive lifecycle and Glacier restore: the scenario in tests/clients/python/lifecycle_restore.py
/// reports what each call answered and the assertions here judge it.
/// </summary>
public sealed class Boto3Tests(GlacierLifecycleServer server) : IClassFixture<GlacierLifecycleServer>
{
    [Fact]
    public async Task Boto3_LifecycleTransitionExpiryAndRestore_BehaveAsS3()
    {
        var run = await Boto3Python.RunScriptAsync(server, "lifecycle_restore.py", TimeSpan.FromMinutes(4));
        Assert.True(run.ExitCode == 0, $"the boto3 scenario exited {run.ExitCode}: {run.Error}");
        using var seen = JsonDocument.Parse(run.Output);
        var root = seen.RootElement;

        Assert.Equal(["cold-volumes", "scratch"], root.GetProperty("rule_ids").EnumerateArray().Select(id => id.GetString()));
        Assert.Equal("kind", root.GetProperty("scratch_filter_tags")[0].GetProperty("Key").GetString());
        Assert.Equal((400, "InvalidArgument"), StatusAndCode(root, "zero_days_rule"));
        Assert.Contains("rule-id=\"scratch\"", root.GetProperty("scratch_expiration_header").GetString(), StringComparison.Ordinal);

        Assert.Equal("GLACIER", root.GetProperty("listed_class").GetString());
        Assert.Equal((403, "InvalidObjectState"), StatusAndCode(root, "get_while_archived"));
        Assert.Equal((400, "InvalidArgument"), StatusAndCode(root, "restore_bad_days"));
        Assert.Equal(202, root.GetProperty("restore_status").GetInt32());
        Assert.Matches("^ongoing-request=\"false\", expiry-date=\".+GMT\"$", root.GetProperty("restore_header").GetString());
        Assert.Equal("GLACIER", root.GetProperty("restored_class").GetString());
        Assert.True(root.GetProperty("restored_bytes_match").GetBoolean());
        Assert.Equal(200, root.GetProperty("second_restore_status").GetInt32());

        Assert.True(root.GetProperty("untagged_scratch_kept").GetBoolean());
        Assert.Equal((404, "NoSuchLifecycleConfiguration"), StatusAndCode(root, "after_delete"));
    }

    private static (int Status, string? Code) StatusAndCode(JsonElement root, string name)
    {
        var pair = root.GetProperty(name);
        return (pair[0].GetInt32(), pair[1].GetString());
    }
}

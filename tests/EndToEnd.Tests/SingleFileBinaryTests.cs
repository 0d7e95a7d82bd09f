using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.TestKit;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// The `coffer` that users install: scripts/publish.sh's self-contained single file, copied on its own to an
/// empty folder and run where no .NET can be found, serves S3 and runs its own admin commands.
/// </summary>
public class SingleFileBinaryTests
{
    private const string AccessKey = "SINGLEFILETESTKEY";
    private const string SecretKey = "single-file-test-secret-0123456789";

    [Fact]
    public async Task PublishedCoffer_CopiedAloneToAnEmptyDirectory_StartsAndServes()
    {
        using var work = new TempDirectory("coffer-single-file-");

        // 1. Publish for this machine's RID. The build and intermediate files go under the temp folder: the
        //    suite's own build owns src/*/bin and obj, and this test runs beside other tests that use them.
        //    No build servers, so no compiler or MSBuild node outlives the test. Niced: for its minute or two
        //    it would take both cores from the tests beside it, some of which time their clients.
        var published = Path.Combine(work.Path, "published");
        var publish = new ProcessStartInfo("nice");
        foreach (var argument in new[]
        {
            "-n", "10", "bash", Path.Combine(RepositoryRoot.Find(), "scripts", "publish.sh"),
            "--output", published, "--artifacts", Path.Combine(work.Path, "artifacts"), "--", "--disable-build-servers",
        })
        {
            publish.ArgumentList.Add(argument);
        }

        var built = await ChildProcess.RunAsync(publish, TimeSpan.FromMinutes(10));
        Assert.True(built.ExitCode == 0, $"publish.sh failed ({built.ExitCode}):\n{built.Output}\n{built.Error}");

        // 2. The one file, alone. Its environment has no DOTNET_ROOT and a PATH with no `dotnet` on it, and a
        //    fresh HOME, where the bundle extracts libe_sqlite3.so by default ($HOME/.net).
        var alone = Directory.CreateDirectory(Path.Combine(work.Path, "alone")).FullName;
        var home = Directory.CreateDirectory(Path.Combine(work.Path, "home")).FullName;
        var coffer = Path.Combine(alone, "coffer");
        File.Copy(Path.Combine(published, "coffer"), coffer);
        Assert.Equal(coffer, Assert.Single(Directory.GetFileSystemEntries(alone)));

        ProcessStartInfo Command(params string[] arguments)
        {
            var start = new ProcessStartInfo(coffer) { WorkingDirectory = alone };
            start.Environment.Clear();
            start.Environment["HOME"] = home;
            start.Environment["PATH"] = alone;
            start.Environment["COFFER_ROOT_USER"] = AccessKey;
            start.Environment["COFFER_ROOT_PASSWORD"] = SecretKey;
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            return start;
        }

        using var server = await ServerProcess.StartAsync(
            Command("server", "--data", Path.Combine(work.Path, "data"), "--address", "127.0.0.1:0"), TimeSpan.FromSeconds(60));

        // 3. It runs on the runtime inside the file: nothing is mapped from this machine's .NET install, and
        //    SQLite's native library comes from the extraction folder under HOME.
        var maps = await File.ReadAllTextAsync($"/proc/{server.ProcessId}/maps");
        var installedDotnet = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
        Assert.DoesNotContain(installedDotnet, maps, StringComparison.Ordinal);
        Assert.Matches(Regex.Escape(home) + @"/\.net/coffer/[^/\n]+/libe_sqlite3\.so", maps);

        // 4. A real client: bucket, put, get back the same bytes.
        using (var s3 = ProcessServerClients.Create(server.Endpoint, AccessKey, SecretKey))
        {
            await s3.PutBucketAsync("single-file");
            var content = RandomNumberGenerator.GetBytes(300 * 1024);
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "single-file", Key = "a/b.bin", InputStream = new MemoryStream(content) });
            using var stored = await s3.GetObjectAsync("single-file", "a/b.bin");
            using var buffer = new MemoryStream();
            await stored.ResponseStream.CopyToAsync(buffer);
            Assert.Equal(content, buffer.ToArray());
        }

        // 5. What the Dockerfile's HEALTHCHECK relies on: an unsigned GET / gets an HTTP answer (403).
        using (var http = new HttpClient())
        {
            using var anonymous = await http.GetAsync(server.Endpoint);
            Assert.Equal(HttpStatusCode.Forbidden, anonymous.StatusCode);
        }

        // 6. The other commands from the same copy.
        var help = await ChildProcess.RunAsync(Command("--help"), TimeSpan.FromSeconds(60));
        var info = await ChildProcess.RunAsync(Command("admin", "info", "--endpoint", server.Endpoint.ToString()), TimeSpan.FromSeconds(60));
        Assert.Equal(0, help.ExitCode);
        Assert.Matches(@"\n\s+server\s", help.Output);
        Assert.Matches(@"\n\s+admin\s", help.Output);
        Assert.True(info.ExitCode == 0, info.Error);
        Assert.Matches(@"account\s+\d{12}", info.Output);

        // 7. SIGTERM, as systemd and docker stop send it, ends it cleanly.
        Assert.Equal(0, await server.TerminateAsync(TimeSpan.FromSeconds(60)));
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.TestKit;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// deploy/cluster/start.sh as an operator runs it: PostgreSQL, three coffer processes sharing one data directory and
/// haproxy in front. Objects written through the balancer and through each node directly read back through every other.
/// </summary>
public sealed class ClusterScriptTests
{
    private const string AccessKey = "CLUSTERSCRIPTKEY";
    private const string SecretKey = "cluster-script-secret-0123456789abcdefgh";
    private const int Nodes = 3;

    [Fact]
    public async Task StartScript_ThreeNodesBehindHaproxy_EveryEndpointReadsWhatAnyWrote()
    {
        ExecutablePath.Require("haproxy", "apt-get install haproxy");
        using var folder = new TempDirectory("coffer-cluster-script-");
        var ports = ConsecutiveFreePorts(Nodes + 2);
        var (balancer, firstNode, database) = (ports[0], ports[1], ports[^1]);
        var script = Path.Combine(RepositoryRoot.Find(), "deploy", "cluster");
        var start = Script(Path.Combine(script, "start.sh"),
            "--dir", folder.Path, "--nodes", $"{Nodes}", "--port", $"{balancer}", "--node-port", $"{firstNode}", "--pg-port", $"{database}");
        start.Environment["COFFER"] = $"dotnet {Path.Combine(AppContext.BaseDirectory, "coffer.dll")}";
        start.Environment["COFFER_ROOT_USER"] = AccessKey;
        start.Environment["COFFER_ROOT_PASSWORD"] = SecretKey;

        try
        {
            var started = await ChildProcess.RunAsync(start, TimeSpan.FromMinutes(3));
            Assert.True(started.ExitCode == 0, $"start.sh failed: {started.Output}{started.Error}");
            Assert.Contains($"endpoint:  http://127.0.0.1:{balancer}", started.Output);

            var endpoints = new[] { balancer }.Concat(Enumerable.Range(firstNode, Nodes)).ToList();
            var clients = endpoints.Select(Client).ToList();
            await clients[0].PutBucketAsync("cluster-script");
            var bodies = new Dictionary<string, string>();
            for (var writer = 0; writer < clients.Count; writer++)
            {
                var key = $"via-{endpoints[writer]}";
                bodies[key] = $"written through port {endpoints[writer]}";
                await clients[writer].PutObjectAsync(new PutObjectRequest { BucketName = "cluster-script", Key = key, ContentBody = bodies[key] });
            }

            // Every endpoint, the balancer several times over (round robin: each node in turn), reads every object.
            foreach (var reader in clients.Concat(Enumerable.Repeat(clients[0], Nodes)))
            {
                foreach (var (key, body) in bodies)
                {
                    using var read = await reader.GetObjectAsync("cluster-script", key);
                    Assert.Equal(body, await new StreamReader(read.ResponseStream).ReadToEndAsync());
                }
            }

            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
        finally
        {
            var stopped = await ChildProcess.RunAsync(Script(Path.Combine(script, "stop.sh"), "--dir", folder.Path), TimeSpan.FromMinutes(2));
            Assert.True(stopped.ExitCode == 0, $"stop.sh failed: {stopped.Output}{stopped.Error}");
        }
    }

    private static ProcessStartInfo Script(string path, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash");
        start.ArgumentList.Add(path);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private static AmazonS3Client Client(int port) => new(new BasicAWSCredentials(AccessKey, SecretKey), new AmazonS3Config
    {
        ServiceURL = $"http://127.0.0.1:{port}",
        ForcePathStyle = true,
        AuthenticationRegion = CofferServer.Region,
    });

    /// <summary>A run of free loopback ports (the script numbers its nodes from one port up); tried at random until one is free throughout.</summary>
    private static int[] ConsecutiveFreePorts(int count)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var first = Random.Shared.Next(20000, 60000);
            var ports = Enumerable.Range(first, count).ToArray();
            if (ports.All(IsFree))
            {
                return ports;
            }
        }

        throw new InvalidOperationException("No run of free ports found.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

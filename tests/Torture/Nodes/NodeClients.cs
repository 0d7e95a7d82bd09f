using Amazon.Runtime;
using Amazon.S3;

namespace Coffer.Torture.Nodes;

/// <summary>
/// The S3 clients of one cycle: for each node, one that sends aws-chunked bodies with trailing checksums (as the SDK does
/// by default) and one that sends plain bodies with a Content-Length, checksums only where required. A worker picks a node
/// for each request among those not marked down, as a load balancer would once its health check noticed, so what one node
/// acknowledges another reads back.
/// </summary>
public sealed class NodeClients : IDisposable
{
    public const string AccessKey = "TORTUREKEY";
    public const string SecretKey = "torture-secret-key-0123456789abcdefghijk";
    public const string Region = "us-east-1";

    private readonly AmazonS3Client?[] _chunked;
    private readonly AmazonS3Client?[] _plain;
    private readonly bool[] _down;

    /// <param name="endpoints">Every node's endpoint, by node number; null for a node that is not running.</param>
    public NodeClients(IReadOnlyList<Uri?> endpoints)
    {
        _chunked = [.. endpoints.Select(endpoint => endpoint is null ? null : Client(endpoint, plainUploads: false))];
        _plain = [.. endpoints.Select(endpoint => endpoint is null ? null : Client(endpoint, plainUploads: true))];
        _down = [.. endpoints.Select(endpoint => endpoint is null)];
    }

    public int Count => _chunked.Length;

    public IAmazonS3 Chunked(int node) => _chunked[node] ?? throw NotRunning(node);

    public IAmazonS3 Plain(int node) => _plain[node] ?? throw NotRunning(node);

    /// <summary>The client of <paramref name="node"/> that sends bodies as <paramref name="plainUploads"/> says.</summary>
    public IAmazonS3 For(int node, bool plainUploads) => plainUploads ? Plain(node) : Chunked(node);

    /// <summary>Sends no more requests to <paramref name="node"/>; requests already sent there are its to answer or to lose.</summary>
    public void MarkDown(int node)
    {
        lock (_down)
        {
            _down[node] = true;
        }
    }

    /// <summary>
    /// A node for one request, drawn among those up. With none up (one node, killed) the dead one is named anyway: the
    /// request then fails as it would against a single server, and the kill excuses it.
    /// </summary>
    public int Pick(Random random)
    {
        lock (_down)
        {
            var up = Enumerable.Range(0, Count).Where(node => !_down[node]).ToList();
            return up.Count == 0 ? random.Next(Count) : up[random.Next(up.Count)];
        }
    }

    public void Dispose()
    {
        foreach (var client in _chunked.Concat(_plain))
        {
            client?.Dispose();
        }
    }

    private static InvalidOperationException NotRunning(int node) => new($"node {node} was not running when the cycle began");

    /// <summary>
    /// Without retries: a request that dies with its node must fail, not be replayed against another one or against the
    /// node's successor.
    /// </summary>
    private static AmazonS3Client Client(Uri endpoint, bool plainUploads) => new(
        new BasicAWSCredentials(AccessKey, SecretKey),
        new AmazonS3Config
        {
            ServiceURL = endpoint.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = Region,
            MaxErrorRetry = 0,
            Timeout = TimeSpan.FromSeconds(30),
            RequestChecksumCalculation = plainUploads ? RequestChecksumCalculation.WHEN_REQUIRED : RequestChecksumCalculation.WHEN_SUPPORTED,
        });
}

using System.Net;
using System.Net.Sockets;

using Amazon.Runtime;

namespace Coffer.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Sends every connection to 127.0.0.1 whatever the host name, so virtual-hosted requests to
/// bucket.localhost reach the server even where the resolver does not map *.localhost to
/// loopback. The Host header still names the bucket, which is what the server routes on.
/// </summary>
public sealed class LoopbackHttpClientFactory : HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler);
    }
}

using Amazon.Runtime;

namespace Coffer.Engine.CloudTier.Tests;

/// <summary>Counts the requests an SDK client sends, by method, on the way to the real endpoint.</summary>
public sealed class CountingHttpClientFactory : HttpClientFactory
{
    private int _gets;

    public int Gets => Volatile.Read(ref _gets);

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new Counter(this, new SocketsHttpHandler()));

    private sealed class Counter(CountingHttpClientFactory owner, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Get)
            {
                Interlocked.Increment(ref owner._gets);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}

namespace Coffer.Load.Tests.Transport;

/// <summary>A server in a delegate: answers each request without a socket, and keeps the last request to inspect.</summary>
internal sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
{
    public HttpRequestMessage? LastRequest { get; private set; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        LastRequest = request;
        return Task.FromResult(answer(request));
    }
}

using Coffer.S3.Logging;

using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Tests.Logging;

public class ConnectionEndTests
{
    [Fact]
    public void Explains_BodyReadCutByAStop_BeforeTheAbortTokenFires_IsTheConnectionsEnd()
    {
        // What Kestrel throws from a pending body read when a stop aborts the connection at the drain limit.
        var cut = new TaskCanceledException("The request was aborted", new ConnectionAbortedException("shutting down"));

        Assert.True(ConnectionEnd.Explains(new DefaultHttpContext(), cut));
    }

    [Fact]
    public void Explains_ConnectionAbortedItself_IsTheConnectionsEnd()
    {
        Assert.True(ConnectionEnd.Explains(new DefaultHttpContext(), new ConnectionAbortedException()));
    }

    [Fact]
    public void Explains_CancellationOfAnotherCause_IsNotTheConnectionsEnd()
    {
        Assert.False(ConnectionEnd.Explains(new DefaultHttpContext(), new TaskCanceledException("timed out")));
    }

    [Fact]
    public void Explains_AbortWrappedInAnUnrelatedFault_IsNotTheConnectionsEnd()
    {
        var fault = new InvalidOperationException("a bug", new ConnectionAbortedException());

        Assert.False(ConnectionEnd.Explains(new DefaultHttpContext(), fault));
    }

    [Fact]
    public void Explains_AnyErrorOnceTheRequestIsAborted_IsTheConnectionsEnd()
    {
        var context = new DefaultHttpContext();
        using var aborted = new CancellationTokenSource();
        aborted.Cancel();
        context.RequestAborted = aborted.Token;

        Assert.True(ConnectionEnd.Explains(context, new IOException("broken pipe")));
    }
}

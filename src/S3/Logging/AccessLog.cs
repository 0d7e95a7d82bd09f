using Coffer.S3.Routing;

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Coffer.S3.Logging;

/// <summary>
/// One line per request at Information: what was asked (method, operation, bucket, key), the answer, the bytes
/// each way, the time taken, who asked and the request id. Its own category (<c>Coffer.S3.Logging.AccessLog</c>),
/// so that it can be routed or silenced apart from the rest. It never holds the request's query, which for a
/// presigned URL carries the signature and any session token.
/// </summary>
public sealed partial class AccessLog(ILogger<AccessLog> logger)
{
    /// <summary>
    /// Counts the bytes of the request's and the response's bodies from here on, by wrapping both streams; the
    /// middleware does this only when the access log is on.
    /// </summary>
    public static Counters Count(HttpContext context)
    {
        var received = new CountingStream(context.Request.Body);
        var sent = new CountingStream(context.Response.Body);
        context.Request.Body = received;
        context.Response.Body = sent;
        return new Counters(received, sent);
    }

    /// <param name="operation">Null when the request could not be routed.</param>
    /// <param name="operationName">The name to log instead of the operation's own (an IAM or STS action, say).</param>
    /// <param name="principal">The access key id, or anonymous; never anything secret.</param>
    /// <param name="connectionEnded">The request failed because its connection ended (see <see cref="ConnectionEnd"/>).</param>
    public void Write(
        HttpContext context, S3Operation? operation, string? operationName, string principal, Counters counters, TimeSpan elapsed, string requestId,
        bool connectionEnded)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            var bucket = LogText.Name(operation?.Bucket);
            var key = LogText.Name(operation?.Key);
            var status = StatusOf(context, connectionEnded);
            var milliseconds = Math.Round(elapsed.TotalMilliseconds, 1);
            Log.Served(
                logger, context.Request.Method, operationName ?? operation?.Name ?? LogText.None, bucket, key, status,
                counters.Received, counters.Sent, milliseconds, principal, requestId);
        }
    }

    /// <summary>
    /// The status sent, or 499 (as nginx writes it) when the connection ended before any answer: the client went
    /// away, or a stop cut the request. The response's own status would say 200, which nobody was told.
    /// </summary>
    private static int StatusOf(HttpContext context, bool connectionEnded) =>
        (connectionEnded || context.RequestAborted.IsCancellationRequested) && !context.Response.HasStarted
            ? ConnectionEndedFirst
            : context.Response.StatusCode;

    private const int ConnectionEndedFirst = 499;

    /// <summary>The bytes of one request's bodies, as counted so far.</summary>
    public sealed class Counters
    {
        private readonly CountingStream _received;
        private readonly CountingStream _sent;

        internal Counters(CountingStream received, CountingStream sent)
        {
            _received = received;
            _sent = sent;
        }

        /// <summary>Body bytes Coffer read, aws-chunked framing included; a request refused early may leave its body unread.</summary>
        public long Received => _received.Count;

        /// <summary>Body bytes written to the client (headers not included).</summary>
        public long Sent => _sent.Count;
    }

    private static partial class Log
    {
        [LoggerMessage(
            EventId = 1, Level = LogLevel.Information,
            Message = "{Method} {Operation} bucket={Bucket} key={Key} status={Status} received={BytesReceived} sent={BytesSent} " +
                "ms={DurationMs} principal={Principal} ({RequestId})")]
        public static partial void Served(
            ILogger logger, string method, string operation, string bucket, string key, int status, long bytesReceived, long bytesSent,
            double durationMs, string principal, string requestId);
    }
}

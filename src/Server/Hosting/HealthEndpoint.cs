using Coffer.Engine.Ports;
using Coffer.S3.Routing;

namespace Coffer.Server.Hosting;

/// <summary>
/// What a load balancer or an orchestrator asks a node, unauthenticated: <c>GET /_coffer/health/live</c> (the process
/// answers) and <c>GET /_coffer/health/ready</c> (it can serve: not stopping, its metadata store answers, and its data
/// directory is still the one the deployment shares), 200 or 503 with the reason in one line of text. The path cannot
/// name an S3 bucket (bucket names have no underscore), and a virtual-hosted request for it goes to S3 as the key it is.
/// </summary>
public sealed class HealthEndpoint(IMetadataStore metadata, Func<CancellationToken, Task<string?>> checkBlobDirectory, S3Router router, IHostApplicationLifetime lifetime)
{
    public const string LivePath = "/_coffer/health/live";

    public const string ReadyPath = "/_coffer/health/ready";

    /// <summary>How long readiness waits for the metadata store: a database this slow is as good as gone to a balancer.</summary>
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value;
        if (!(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
            || path is not (LivePath or ReadyPath)
            || router.IsVirtualHosted(context.Request.Host.Host))
        {
            await next(context);
            return;
        }

        var problem = path == ReadyPath ? await ReadinessProblemAsync(context.RequestAborted) : null;
        context.Response.StatusCode = problem is null ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync((problem ?? "ok") + "\n", context.RequestAborted);
    }

    private async Task<string?> ReadinessProblemAsync(CancellationToken requestAborted)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return "stopping";
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            // Any read will do; a bucket name no bucket can have costs one indexed lookup.
            await metadata.GetBucketAsync("_coffer_probe", timeout.Token);
            return await checkBlobDirectory(timeout.Token);
        }
        catch (OperationCanceledException) when (!requestAborted.IsCancellationRequested)
        {
            return "the metadata store did not answer within 2 s";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return "the metadata store failed: " + e.Message.ReplaceLineEndings(" ");
        }
    }
}

using System.Net;
using System.Net.Sockets;

using Amazon.Runtime;
using Amazon.S3;

using Coffer.Engine.Ports;
using Coffer.Engine.Tiers;

namespace Coffer.Engine.CloudTier;

/// <summary>
/// One tier's client, bucket and keys, and the one place where the SDK's failures become
/// <see cref="TierUnavailableException"/> with a line an operator can act on.
/// </summary>
internal sealed class CloudTierEndpoint(S3TierLocation location, IAmazonS3 client, CloudTierOptions options)
{
    public S3TierLocation Location { get; } = location;

    public IAmazonS3 Client { get; } = client;

    public CloudTierOptions Options { get; } = options;

    public string Bucket => Location.Bucket;

    public CloudTierKeys Keys { get; } = new(location.Prefix);

    /// <summary>
    /// Runs one SDK call; any failure of the endpoint comes out as <see cref="TierUnavailableException"/>.
    /// The caller's own cancellation stays an <see cref="OperationCanceledException"/>.
    /// </summary>
    /// <param name="action">What was asked, for the message: "upload part 3 of blob …".</param>
    /// <param name="notFound">Turns a 404 into the caller's own exception (a missing blob), or null to treat it as a failure.</param>
    public async Task<T> CallAsync<T>(
        Func<CancellationToken, Task<T>> call, string action, CancellationToken cancellationToken, Func<Exception>? notFound = null)
    {
        try
        {
            return await call(cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && notFound is not null)
        {
            throw notFound();
        }
        catch (Exception e) when (IsEndpointFailure(e, cancellationToken))
        {
            throw Unavailable(e, action);
        }
    }

    public async Task CallAsync(Func<CancellationToken, Task> call, string action, CancellationToken cancellationToken)
    {
        await CallAsync<bool>(
            async token =>
            {
                await call(token);
                return true;
            },
            action,
            cancellationToken);
    }

    public TierUnavailableException Unavailable(Exception cause, string action) =>
        new($"{Location.Flag}: {Describe(cause)} ({action}).", cause);

    /// <summary>Why the endpoint failed, in words: "the endpoint http://… did not answer (Connection refused)".</summary>
    public string Describe(Exception failure)
    {
        var endpoint = $"the endpoint {Location.EndpointDisplay}";
        if (failure is AmazonServiceException { StatusCode: not 0 } answered && answered.ErrorCode is not null)
        {
            return $"{endpoint} answered {(int)answered.StatusCode} {answered.ErrorCode}: {answered.Message}";
        }

        if (Innermost<SocketException>(failure) is { } socket)
        {
            return $"{endpoint} did not answer ({socket.Message})";
        }

        if (Innermost<OperationCanceledException>(failure) is not null || Innermost<TimeoutException>(failure) is not null)
        {
            return $"{endpoint} did not answer within the time allowed";
        }

        if (Innermost<HttpRequestException>(failure) is { } http)
        {
            return $"{endpoint} did not answer ({http.Message})";
        }

        return $"{endpoint} failed: {failure.Message}";
    }

    private static bool IsEndpointFailure(Exception e, CancellationToken cancellationToken) =>
        e is not (TierUnavailableException or BlobNotFoundException)
        && !(e is OperationCanceledException && cancellationToken.IsCancellationRequested)
        && e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException or SocketException
            or OperationCanceledException or TimeoutException;

    private static T? Innermost<T>(Exception? failure)
        where T : Exception
    {
        T? found = null;
        for (; failure is not null; failure = failure.InnerException)
        {
            found = failure as T ?? found;
        }

        return found;
    }
}

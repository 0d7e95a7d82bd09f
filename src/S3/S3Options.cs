using Coffer.Engine.Lifecycle;

namespace Coffer.S3;

/// <summary>Settings of the S3 endpoint.</summary>
public sealed class S3Options
{
    /// <summary>The region this endpoint serves; SigV4 credential scopes must name it.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>The 12-digit id of the one account that owns every bucket here; null skips the x-amz-expected-bucket-owner check.</summary>
    public string? AccountId { get; init; }

    /// <summary>Whether each request gets its line in the access log (<see cref="Logging.AccessLog"/>); on unless turned off.</summary>
    public bool AccessLog { get; init; } = true;

    /// <summary>
    /// Whether SSE-C keys are accepted over plain HTTP from any client; off by default, when only TLS and loopback clients
    /// may send one (see <see cref="Encryption.CustomerKeyHeader.RequireSecureTransport"/>).
    /// </summary>
    public bool AllowCustomerKeysOverHttp { get; init; }

    /// <summary>
    /// How long a lifecycle day lasts when <c>x-amz-expiration</c> says when a version expires: S3's day unless the host
    /// shortens it (for tests, as the lifecycle worker's day is shortened), so the header agrees with the worker.
    /// </summary>
    public LifecycleDay LifecycleDay { get; init; } = LifecycleDay.Real;
}

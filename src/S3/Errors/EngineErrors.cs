using Coffer.Engine.Errors;
using Coffer.S3.Versioning;

namespace Coffer.S3.Errors;

/// <summary>Translates the engine's refusals into S3 errors.</summary>
public static class EngineErrors
{
    /// <summary>
    /// The S3 error for the refusal; one that met a delete marker (NoSuchKey behind a marker, MethodNotAllowed for a
    /// marker named by id) carries the marker's headers, as S3 sends them.
    /// </summary>
    public static S3Exception ToS3(EngineException exception)
    {
        var error = ErrorOf(exception);
        if (exception.Code == EngineError.NoSuchKey && exception.DeleteMarker is null)
        {
            // S3 says so on a key that is simply absent, as ceph's s3-tests check on an unversioned delete.
            return new S3Exception(error.Error, error.Message, error.Details)
            {
                Headers = new Dictionary<string, string> { [VersionHeaders.DeleteMarkerHeader] = "false" },
            };
        }

        return exception.DeleteMarker is { } marker
            ? new S3Exception(error.Error, error.Message, error.Details)
            {
                Headers = new Dictionary<string, string>
                {
                    [VersionHeaders.DeleteMarkerHeader] = "true",
                    [VersionHeaders.VersionIdHeader] = marker.VersionId,
                },
            }
            : error;
    }

    private static S3Exception ErrorOf(EngineException exception) => exception.Code switch
    {
        EngineError.InvalidArgument => new S3Exception(S3Error.InvalidArgument, exception.Message, exception.Details),
        EngineError.InvalidRequest => new S3Exception(S3Error.InvalidRequest, exception.Message, exception.Details),
        EngineError.NoSuchUpload => new S3Exception(S3Error.NoSuchUpload, details: exception.Details),
        EngineError.InvalidPart => new S3Exception(S3Error.InvalidPart, details: exception.Details),
        EngineError.InvalidPartOrder => new S3Exception(S3Error.InvalidPartOrder, details: exception.Details),
        EngineError.EntityTooSmall => new S3Exception(S3Error.EntityTooSmall, details: exception.Details),
        EngineError.NoSuchBucket => new S3Exception(S3Error.NoSuchBucket),
        EngineError.NoSuchKey => new S3Exception(S3Error.NoSuchKey),
        EngineError.NoSuchVersion => new S3Exception(S3Error.NoSuchVersion),
        EngineError.BucketAlreadyExists => new S3Exception(S3Error.BucketAlreadyOwnedByYou),
        EngineError.BucketNotEmpty => new S3Exception(S3Error.BucketNotEmpty),
        EngineError.PreconditionFailed => new S3Exception(S3Error.PreconditionFailed),
        EngineError.NotModified => new S3Exception(S3Error.NotModified),
        EngineError.BadDigest => new S3Exception(S3Error.BadDigest),
        EngineError.ChecksumMismatch => new S3Exception(S3Error.BadDigest, exception.Message),
        EngineError.IncompleteBody => new S3Exception(S3Error.IncompleteBody),
        EngineError.EntityTooLarge => new S3Exception(S3Error.EntityTooLarge),
        EngineError.ConditionalRequestConflict => new S3Exception(S3Error.ConditionalRequestConflict),
        EngineError.InvalidRange => new S3Exception(S3Error.InvalidRange, exception.Message),
        EngineError.StorageFull => new S3Exception(S3Error.StorageFull),
        EngineError.MetadataUnavailable => new S3Exception(S3Error.ServiceUnavailable),

        // The server is switching to the database its metadata moved to; SDKs retry a 503 and find it there.
        EngineError.MetadataMoved => new S3Exception(S3Error.ServiceUnavailable, "The metadata is moving to another database; try again in a moment."),
        EngineError.WriteContention => new S3Exception(S3Error.SlowDown),
        EngineError.NotImplemented => new S3Exception(S3Error.NotImplemented, exception.Message),
        EngineError.InvalidTag => new S3Exception(S3Error.InvalidTag, exception.Message),
        EngineError.WrongCustomerKey => new S3Exception(S3Error.AccessDenied, exception.Message),
        EngineError.ObjectLocked => new S3Exception(S3Error.AccessDenied, "Access Denied because object protected by object lock."),
        EngineError.InvalidBucketState => new S3Exception(S3Error.InvalidBucketState, exception.Message),
        EngineError.DeleteMarkerNamed => new S3Exception(S3Error.MethodNotAllowed),
        EngineError.InvalidObjectState => new S3Exception(S3Error.InvalidObjectState, exception.Message, exception.Details),
        EngineError.RestoreAlreadyInProgress => new S3Exception(S3Error.RestoreAlreadyInProgress),
        EngineError.TooManyConfigurations => new S3Exception(S3Error.TooManyConfigurations),
        _ => new S3Exception(S3Error.InternalError),
    };
}

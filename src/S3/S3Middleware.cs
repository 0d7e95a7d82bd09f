using System.Buffers.Binary;
using System.Diagnostics;
using System.Security.Cryptography;

using Coffer.Engine.Buckets;
using Coffer.Engine.Errors;
using Coffer.Engine.Integrity;
using Coffer.Engine.Kms;
using Coffer.S3.Authorization;
using Coffer.S3.Cors;
using Coffer.S3.Encryption;
using Coffer.S3.Errors;
using Coffer.S3.Forms;
using Coffer.S3.Http;
using Coffer.S3.Logging;
using Coffer.S3.Members;
using Coffer.S3.Operations;
using Coffer.S3.QueryApi;
using Coffer.S3.Routing;
using Coffer.S3.Tagging;

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Coffer.S3;

/// <summary>
/// The S3 endpoint: route, then authenticate, then run the operation, then write the response
/// or the error. Every response carries x-amz-request-id and x-amz-id-2, and every request gets one line in
/// the access log (unless it is turned off).
/// </summary>
public sealed partial class S3Middleware(S3Services services, ILogger<S3Middleware> logger, AccessLog accessLog)
{
    private long _requestCounter = RandomNumberGenerator.GetInt32(int.MaxValue);

    // Set by the first write refused because the metadata moved: the operator learns it once, not once per retry.
    private int _metadataMovedLogged;

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var requestId = NextRequestId();
        context.Response.Headers["x-amz-request-id"] = requestId;
        context.Response.Headers["x-amz-id-2"] = HostId(requestId);
        context.Response.Headers.Server = "Coffer";

        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        var rawPath = RawPath(rawTarget);
        var counters = services.Options.AccessLog ? AccessLog.Count(context) : null;
        S3Operation? operation = null;
        string? operationName = null;
        string? accessKeyId = null;
        RequestAuthorizer? authorizer = null;
        var connectionEnded = false;
        try
        {
            operation = services.Router.Route(new RequestTarget(
                context.Request.Method,
                context.Request.Host.Value ?? "",
                rawPath,
                QueryOf(context.Request.Query),
                context.Request.Headers.ContainsKey("x-amz-copy-source"),
                PostFormReader.IsMultipartForm(context.Request.ContentType)));

            // CORS (see Cors/): browsers never sign a preflight, so it is answered here, before
            // authentication. Any other request from an allowed Origin gets its Access-Control-*
            // headers now, so that its error responses carry them too.
            if (operation.Kind == S3OperationKind.QueryApi)
            {
                (accessKeyId, operationName) = await QueryApiGateway.HandleAsync(context, services, requestId);
                return;
            }

            if (operation.Kind == S3OperationKind.OptionsObject)
            {
                await OptionsObject.HandleAsync(context, operation, services);
                return;
            }

            await ActualRequestCors.AddHeadersAsync(context, operation, services);

            // An operation Coffer does not implement is refused before authentication: whoever
            // asks, the answer is the same, and some (ListDirectoryBuckets, CreateSession) are
            // signed for another service ("s3express"), which would otherwise hide the real answer
            // behind a signature error.
            if (operation.Kind == S3OperationKind.NotImplemented)
            {
                throw NotImplemented(operation);
            }

            var auth = await services.Authenticator.AuthenticateAsync(context, context.RequestAborted);
            accessKeyId = auth.AccessKeyId;
            // A PutObjectTagging body is read before the decision when a policy tests the tags it sets, and then once only.
            var bodyTags = operation.Kind == S3OperationKind.PutObjectTagging
                ? RequestTagSet.OfTaggingBody(context.Request.Headers, auth, context.RequestAborted)
                : null;
            authorizer = new RequestAuthorizer(context, operation, auth.Caller, auth.SessionPolicy, services, bodyTags);
            await authorizer.AuthorizeOperationAsync();

            // Past this point, nothing Coffer would only pretend to do (see Members/): a refused
            // header or parameter ends the request before anything changes, and before its body is
            // read (but for a small tagging document a policy needed to see). A bucket that blocks
            // SSE-C answers S3's 403 first, where SSE-C itself would be refused.
            await CustomerKeyBlock.CheckAsync(services, operation, context.Request.Headers, auth.Caller, context.RequestAborted);
            UnhonouredMembers.Check(operation.Kind, context.Request.Headers, context.Request.Query);
            CustomerKeyHeader.RequireSecureTransport(context, context.Request.Headers, services.Options);
            if (services.Options.AccountId is { } account)
            {
                ExpectedBucketOwner.Check(context.Request.Headers, account);
            }

            var request = new S3Request(context, operation, auth, services, authorizer, bodyTags);
            await DispatchAsync(request);
        }
        catch (Exception ended) when (ConnectionEnd.Explains(context, ended))
        {
            connectionEnded = true;
            Log.ClientGone(logger, requestId);
        }
        catch (BlobCorruptException damaged)
        {
            // The read stopped before handing out the bytes that showed the damage. Before the
            // headers this is a 500; after them the writer aborts the connection, so the client
            // sees a cut transfer (fewer bytes than Content-Length), never a complete wrong body.
            // The key percent-encoded, as S3's access logs write keys: a key may hold line breaks, and
            // written raw it could forge log lines.
            Log.BlobDamaged(
                logger, damaged.Bucket, LogText.Name(damaged.Key), damaged.VersionId, damaged.Blob.Value, damaged.Problem,
                IntegrityCounters.CorruptBlobsDetected, requestId);
            await ErrorResponseWriter.WriteAsync(context, new S3Exception(S3Error.InternalError), UriEncoding.Decode(rawPath), requestId);
        }
        catch (Exception error)
        {
            // Kestrel's own body refusals (short body, slow body) were already turned into S3
            // errors by the authenticated body stream; anything unrecognised is an internal error.
            var s3 = error switch
            {
                S3Exception known => known,
                EngineException refused => EngineErrors.ToS3(refused),
                KeyServiceException kms => new S3Exception(new S3Error("KMS." + kms.KmsName, 400, kms.Message)),
                _ => null,
            };
            if (s3 is null)
            {
                Log.Failed(logger, error, requestId);
                s3 = new S3Exception(S3Error.InternalError);
            }
            else
            {
                if (error is EngineException { Code: EngineError.StorageFull })
                {
                    // The client is told; the operator must be too, since only they can free space.
                    Log.OutOfSpace(logger, error, requestId);
                }
                else if (error is EngineException { Code: EngineError.MetadataUnavailable })
                {
                    // Likewise: the database is the operator's to bring back.
                    Log.MetadataUnavailable(logger, error.Message, requestId);
                }
                else if (error is EngineException { Code: EngineError.MetadataMoved } && Interlocked.Exchange(ref _metadataMovedLogged, 1) == 0)
                {
                    // Expected during a move, and over in moments (the server switches itself): a warning, once.
                    Log.MetadataMoved(logger, requestId);
                }

                s3 = await HideAbsenceAsync(s3, authorizer);

                // Whose request, and what it needed: the operator's first two questions about a refusal.
                // Before authentication the key id is the one the request names, which is not a secret.
                if (logger.IsEnabled(LogLevel.Information))
                {
                    var caller = accessKeyId ?? Auth.PresentedAccessKey.Of(context.Request) ?? LogText.Anonymous;
                    var permission = authorizer?.Refused ?? (operation is null ? null : S3Permissions.For(operation));
                    var resource = LogText.Arn(permission?.Resource);
                    Log.Refused(logger, s3.Error.Code, s3.Message, caller, permission?.Action ?? LogText.None, resource, requestId);
                }
            }

            await ErrorResponseWriter.WriteAsync(context, s3, UriEncoding.Decode(rawPath), requestId);
        }
        finally
        {
            if (counters is not null)
            {
                accessLog.Write(
                    context, operation, operationName, accessKeyId ?? Auth.PresentedAccessKey.Of(context.Request) ?? LogText.Anonymous, counters,
                    Stopwatch.GetElapsedTime(started), requestId, connectionEnded);
            }
        }
    }

    /// <summary>
    /// S3 tells a caller that a key does not exist only if the caller may list the bucket, and
    /// answers 403 AccessDenied otherwise, so that a read permission alone (a public-read bucket
    /// policy, say) does not reveal which keys exist.
    /// </summary>
    private static async Task<S3Exception> HideAbsenceAsync(S3Exception error, RequestAuthorizer? authorizer) =>
        error.Error == S3Error.NoSuchKey && authorizer is not null && !await authorizer.MayListBucketAsync()
            ? new S3Exception(S3Error.AccessDenied)
            : error;

    /// <summary>The one dispatch table: every routed operation to its handler.</summary>
    private static Task DispatchAsync(S3Request request) => request.Operation.Kind switch
    {
        S3OperationKind.ListBuckets => ListBuckets.HandleAsync(request),
        S3OperationKind.CreateBucket => CreateBucket.HandleAsync(request),
        S3OperationKind.HeadBucket => HeadBucket.HandleAsync(request),
        S3OperationKind.DeleteBucket => DeleteBucket.HandleAsync(request),
        S3OperationKind.GetBucketLocation => GetBucketLocation.HandleAsync(request),
        S3OperationKind.GetBucketVersioning => GetBucketVersioning.HandleAsync(request),
        S3OperationKind.PutBucketVersioning => PutBucketVersioning.HandleAsync(request),
        S3OperationKind.PutObjectLockConfiguration => PutObjectLockConfiguration.HandleAsync(request),
        S3OperationKind.GetObjectLockConfiguration => GetObjectLockConfiguration.HandleAsync(request),
        S3OperationKind.PutBucketCors => PutBucketCors.HandleAsync(request),
        S3OperationKind.PutBucketPolicy => PutBucketPolicy.HandleAsync(request),
        S3OperationKind.GetBucketPolicy => GetBucketPolicy.HandleAsync(request),
        S3OperationKind.DeleteBucketPolicy => DeleteBucketSetting.HandleAsync(request, BucketSettingName.Policy),
        S3OperationKind.GetBucketPolicyStatus => GetBucketPolicyStatus.HandleAsync(request),
        S3OperationKind.PutPublicAccessBlock => PutPublicAccessBlock.HandleAsync(request),
        S3OperationKind.GetPublicAccessBlock => GetPublicAccessBlock.HandleAsync(request),
        S3OperationKind.DeletePublicAccessBlock => DeleteBucketSetting.HandleAsync(request, BucketSettingName.PublicAccessBlock),
        S3OperationKind.GetBucketCors => GetBucketCors.HandleAsync(request),
        S3OperationKind.GetBucketAcl => GetBucketAcl.HandleAsync(request),
        S3OperationKind.PutBucketAcl => PutBucketAcl.HandleAsync(request),
        S3OperationKind.GetBucketOwnershipControls => GetBucketOwnershipControls.HandleAsync(request),
        S3OperationKind.PutBucketOwnershipControls => PutBucketOwnershipControls.HandleAsync(request),
        S3OperationKind.DeleteBucketOwnershipControls => DeleteBucketSetting.HandleAsync(request, BucketSettingName.OwnershipControls),
        S3OperationKind.DeleteBucketCors => DeleteBucketSetting.HandleAsync(request, BucketSettingName.Cors),
        S3OperationKind.PutBucketTagging => PutBucketTagging.HandleAsync(request),
        S3OperationKind.GetBucketTagging => GetBucketTagging.HandleAsync(request),
        S3OperationKind.DeleteBucketTagging => DeleteBucketSetting.HandleAsync(request, BucketSettingName.Tagging),
        S3OperationKind.PutBucketEncryption => PutBucketEncryption.HandleAsync(request),
        S3OperationKind.GetBucketEncryption => GetBucketEncryption.HandleAsync(request),
        S3OperationKind.DeleteBucketEncryption => DeleteBucketEncryption.HandleAsync(request),
        S3OperationKind.PutBucketLifecycleConfiguration => PutBucketLifecycleConfiguration.HandleAsync(request),
        S3OperationKind.GetBucketLifecycleConfiguration => GetBucketLifecycleConfiguration.HandleAsync(request),
        S3OperationKind.DeleteBucketLifecycle => DeleteBucketSetting.HandleAsync(request, BucketSettingName.Lifecycle),
        S3OperationKind.PutBucketIntelligentTieringConfiguration => PutBucketIntelligentTieringConfiguration.HandleAsync(request),
        S3OperationKind.GetBucketIntelligentTieringConfiguration => GetBucketIntelligentTieringConfiguration.HandleAsync(request),
        S3OperationKind.DeleteBucketIntelligentTieringConfiguration => DeleteBucketIntelligentTieringConfiguration.HandleAsync(request),
        S3OperationKind.ListBucketIntelligentTieringConfigurations => ListBucketIntelligentTieringConfigurations.HandleAsync(request),
        S3OperationKind.ListObjects => ListObjects.HandleAsync(request),
        S3OperationKind.ListObjectsV2 => ListObjectsV2.HandleAsync(request),
        S3OperationKind.ListObjectVersions => ListObjectVersions.HandleAsync(request),
        S3OperationKind.DeleteObjects => DeleteObjects.HandleAsync(request),
        S3OperationKind.PutObject => PutObject.HandleAsync(request),
        S3OperationKind.PostObject => PostObject.HandleAsync(request),
        S3OperationKind.CopyObject => CopyObject.HandleAsync(request),
        S3OperationKind.GetObject => GetObject.HandleAsync(request, includeBody: true),
        S3OperationKind.HeadObject => GetObject.HandleAsync(request, includeBody: false),
        S3OperationKind.GetObjectAttributes => GetObjectAttributes.HandleAsync(request),
        S3OperationKind.GetObjectAcl => GetObjectAcl.HandleAsync(request),
        S3OperationKind.PutObjectRetention => PutObjectRetention.HandleAsync(request),
        S3OperationKind.GetObjectRetention => GetObjectRetention.HandleAsync(request),
        S3OperationKind.PutObjectLegalHold => PutObjectLegalHold.HandleAsync(request),
        S3OperationKind.RestoreObject => RestoreObject.HandleAsync(request),
        S3OperationKind.GetObjectLegalHold => GetObjectLegalHold.HandleAsync(request),
        S3OperationKind.PutObjectAcl => PutObjectAcl.HandleAsync(request),
        S3OperationKind.GetObjectTagging => GetObjectTagging.HandleAsync(request),
        S3OperationKind.PutObjectTagging => PutObjectTagging.HandleAsync(request),
        S3OperationKind.DeleteObjectTagging => DeleteObjectTagging.HandleAsync(request),
        S3OperationKind.DeleteObject => DeleteObject.HandleAsync(request),
        S3OperationKind.CreateMultipartUpload => CreateMultipartUpload.HandleAsync(request),
        S3OperationKind.UploadPart => UploadPart.HandleAsync(request),
        S3OperationKind.UploadPartCopy => UploadPartCopy.HandleAsync(request),
        S3OperationKind.CompleteMultipartUpload => CompleteMultipartUpload.HandleAsync(request),
        S3OperationKind.AbortMultipartUpload => AbortMultipartUpload.HandleAsync(request),
        S3OperationKind.ListParts => ListParts.HandleAsync(request),
        S3OperationKind.ListMultipartUploads => ListMultipartUploads.HandleAsync(request),
        _ => throw NotImplemented(request.Operation),
    };

    private static S3Exception NotImplemented(S3Operation operation) =>
        new(S3Error.NotImplemented, $"{operation.Name} is not implemented by Coffer yet; nothing was changed.");

    private static string RawPath(string rawTarget)
    {
        var query = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? rawTarget : rawTarget[..query];

        // An absolute-form target (http://host/path) is legal HTTP; S3 clients never send it, but proxies may.
        if (path.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || path.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var slash = path.IndexOf('/', path.IndexOf("//", StringComparison.Ordinal) + 2);
            path = slash < 0 ? "/" : path[slash..];
        }

        return path;
    }

    /// <summary>16 upper-case hex digits, unique per process run, like S3's request ids.</summary>
    private string NextRequestId() => Interlocked.Increment(ref _requestCounter).ToString("X16", System.Globalization.CultureInfo.InvariantCulture);

    private static string HostId(string requestId)
    {
        Span<byte> bytes = stackalloc byte[24];
        RandomNumberGenerator.Fill(bytes[..16]);
        BinaryPrimitives.WriteInt64BigEndian(bytes[16..], long.Parse(requestId, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture));
        return Convert.ToBase64String(bytes);
    }

    private static readonly IReadOnlyDictionary<string, string> NoQuery = new Dictionary<string, string>();

    private static IReadOnlyDictionary<string, string> QueryOf(IQueryCollection query) =>
        query.Count == 0 ? NoQuery : query.ToDictionary(p => p.Key, p => p.Value.Count == 0 ? "" : p.Value[0] ?? "", StringComparer.Ordinal);

    private static partial class Log
    {
        [LoggerMessage(
            EventId = 2, Level = LogLevel.Information,
            Message = "Refused with {Code}: {Reason}; caller {AccessKeyId}, {Action} on {Resource} ({RequestId})")]
        public static partial void Refused(ILogger logger, string code, string reason, string accessKeyId, string action, string resource, string requestId);

        [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Client went away ({RequestId})")]
        public static partial void ClientGone(ILogger logger, string requestId);

        [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Request failed ({RequestId})")]
        public static partial void Failed(ILogger logger, Exception error, string requestId);

        [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "Out of storage space; the write was refused ({RequestId})")]
        public static partial void OutOfSpace(ILogger logger, Exception error, string requestId);

        [LoggerMessage(EventId = 8, Level = LogLevel.Error, Message = "The metadata database is unavailable; answered 503: {Problem} ({RequestId})")]
        public static partial void MetadataUnavailable(ILogger logger, string problem, string requestId);

        [LoggerMessage(
            EventId = 9, Level = LogLevel.Warning,
            Message = "The metadata database has moved to another store: writes are answered 503 until this server has switched to it ({RequestId})")]
        public static partial void MetadataMoved(ILogger logger, string requestId);

        [LoggerMessage(
            EventId = 6, Level = LogLevel.Error,
            Message = "Corrupt blob: bucket {Bucket}, key {Key}, version {VersionId}, blob {BlobId}: {Problem}; the read was refused " +
                "({CorruptBlobsDetected} damaged blobs detected since start) ({RequestId})")]
        public static partial void BlobDamaged(
            ILogger logger, string bucket, string key, string versionId, string blobId, string problem, long corruptBlobsDetected, string requestId);
    }
}

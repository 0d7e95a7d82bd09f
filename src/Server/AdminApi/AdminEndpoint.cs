using System.Globalization;
using System.Xml;

using Coffer.Access.Principals;
using Coffer.Engine.Errors;
using Coffer.Engine.Lifecycle;
using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Versions;
using Coffer.Iam.Query;

namespace Coffer.Server.AdminApi;

/// <summary>
/// Coffer's own administration calls, which no AWS API has, in the Query protocol that `coffer admin` already speaks
/// for IAM (signed for the service <c>coffer</c>). Only the root user may call them. RewindBucket, one batch of keys
/// per call, so the command line can show progress and an interrupted rewind can be run again to finish; RunLifecycle,
/// one batch of a bucket's lifecycle pass per call, for the same reasons, and ListLifecycleBuckets, the buckets a
/// pass goes through.
/// </summary>
public sealed class AdminEndpoint(BucketRewind rewind, Lazy<LifecycleWorker> lifecycle, IMetadataStore metadata)
{
    public const string XmlNamespace = "https://coffer.dev/doc/admin/2026-12-06/";

    public async Task HandleAsync(HttpContext context, IReadOnlyDictionary<string, string> parameters, RequestPrincipal caller, string requestId)
    {
        try
        {
            if (caller.Type != PrincipalType.Account)
            {
                throw QueryException.AccessDenied("Only the root user may call the Coffer admin API.");
            }

            var action = parameters.GetValueOrDefault("Action") ?? throw QueryException.MissingParameter("Action");
            switch (action)
            {
                case "RewindBucket":
                    await RewindBucketAsync(context, parameters, caller, requestId);
                    break;
                case "RunLifecycle":
                    await RunLifecycleAsync(context, parameters, requestId);
                    break;
                case "ListLifecycleBuckets":
                    await ListLifecycleBucketsAsync(context, requestId);
                    break;
                default:
                    throw QueryException.InvalidAction(action, parameters.GetValueOrDefault("Version") ?? "");
            }
        }
        catch (QueryException error)
        {
            await QueryErrorWriter.WriteAsync(context, XmlNamespace, error, requestId);
        }
        catch (EngineException error)
        {
            await QueryErrorWriter.WriteAsync(context, XmlNamespace, Refusal(error), requestId);
        }
    }

    /// <summary>
    /// Parameters: Bucket, To (an ISO 8601 instant), Prefix, After (the NextKey of the previous batch), MaxKeys (at most
    /// 1,000), DryRun (true: say what would change, change nothing). Keys in the answer are URL-encoded, since a key
    /// may hold characters XML cannot carry.
    /// </summary>
    private async Task RewindBucketAsync(HttpContext context, IReadOnlyDictionary<string, string> parameters, RequestPrincipal caller, string requestId)
    {
        var bucket = RequiredBucket(parameters);
        var toText = parameters.GetValueOrDefault("To") ?? throw QueryException.MissingParameter("To");
        if (!DateTimeOffset.TryParse(toText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            throw QueryException.ValidationError($"To '{toText}' is not an instant such as 2026-12-01T09:30:00Z.");
        }

        var maxKeys = BucketRewind.MaxBatchKeys;
        if (parameters.GetValueOrDefault("MaxKeys") is { } maxText && (!int.TryParse(maxText, CultureInfo.InvariantCulture, out maxKeys) || maxKeys < 1))
        {
            throw QueryException.ValidationError($"MaxKeys '{maxText}' is not a whole number from 1 to {BucketRewind.MaxBatchKeys}.");
        }

        var dryRun = parameters.GetValueOrDefault("DryRun") is { } dry && dry.Equals("true", StringComparison.OrdinalIgnoreCase);
        var batch = await rewind.RunBatchAsync(
            bucket, parameters.GetValueOrDefault("Prefix") ?? "", instant, parameters.GetValueOrDefault("After"), maxKeys, dryRun,
            caller.CanonicalUserId ?? "", context.RequestAborted);

        await QueryResponseWriter.WriteAsync(context, XmlNamespace, "RewindBucket", xml => WriteBatch(xml, batch, dryRun), requestId);
    }

    /// <summary>
    /// Parameters: Bucket, StartOver (true: a new pass from the start, as the first call of `coffer admin lifecycle run`
    /// asks; otherwise the pass goes on from where it is, and a finished one does nothing). Answers what the batch did
    /// and whether the bucket's pass is done.
    /// </summary>
    private async Task RunLifecycleAsync(HttpContext context, IReadOnlyDictionary<string, string> parameters, string requestId)
    {
        var bucket = RequiredBucket(parameters);
        var startOver = parameters.GetValueOrDefault("StartOver") is { } start && start.Equals("true", StringComparison.OrdinalIgnoreCase);
        var batch = await lifecycle.Value.RunBatchAsync(bucket, startOver, context.RequestAborted);
        await QueryResponseWriter.WriteAsync(context, XmlNamespace, "RunLifecycle", xml =>
        {
            xml.WriteElementString("Done", batch.Done ? "true" : "false");
            xml.WriteElementString("Examined", batch.Counts.Examined.ToString(CultureInfo.InvariantCulture));
            foreach (var action in Enum.GetValues<LifecycleAction>())
            {
                xml.WriteElementString(action.ToString(), batch.Counts[action].ToString(CultureInfo.InvariantCulture));
            }
        }, requestId);
    }

    private async Task ListLifecycleBucketsAsync(HttpContext context, string requestId)
    {
        var buckets = await metadata.ListBucketsAsync(context.RequestAborted);
        await QueryResponseWriter.WriteAsync(context, XmlNamespace, "ListLifecycleBuckets", xml =>
        {
            xml.WriteStartElement("Buckets");
            foreach (var bucket in buckets)
            {
                xml.WriteElementString("member", bucket.Name);
            }

            xml.WriteEndElement();
        }, requestId);
    }

    private static BucketName RequiredBucket(IReadOnlyDictionary<string, string> parameters)
    {
        var text = parameters.GetValueOrDefault("Bucket") ?? throw QueryException.MissingParameter("Bucket");
        return BucketName.TryParse(text, out var bucket, out var problem) ? bucket.Value : throw QueryException.ValidationError(problem);
    }

    private static void WriteBatch(XmlWriter xml, RewindBatch batch, bool dryRun)
    {
        xml.WriteElementString("DryRun", dryRun ? "true" : "false");
        xml.WriteElementString("KeysExamined", batch.KeysExamined.ToString(CultureInfo.InvariantCulture));
        xml.WriteStartElement("Changes");
        foreach (var change in batch.Changed)
        {
            xml.WriteStartElement("member");
            xml.WriteElementString("Key", Uri.EscapeDataString(change.Key));
            xml.WriteElementString("Change", change.Change.ToString());
            xml.WriteElementString("VersionId", change.VersionId);
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteElementString("IsTruncated", batch.NextKey is null ? "false" : "true");
        if (batch.NextKey is { } next)
        {
            xml.WriteElementString("NextKey", Uri.EscapeDataString(next));
        }
    }

    private static QueryException Refusal(EngineException error) => error.Code switch
    {
        EngineError.NoSuchBucket => new QueryException("NoSuchBucket", 404, "The specified bucket does not exist."),
        EngineError.InvalidBucketState => new QueryException("InvalidBucketState", 409, error.Message),
        EngineError.ObjectLocked => new QueryException("AccessDenied", 403, "Access Denied because object protected by object lock."),
        _ => new QueryException("InternalFailure", 500, error.Message),
    };
}

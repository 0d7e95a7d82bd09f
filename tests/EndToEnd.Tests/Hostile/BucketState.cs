using System.Text;

namespace Coffer.EndToEnd.Tests.Hostile;

/// <summary>
/// Everything a request against the world's bucket could change, read through the server itself:
/// the buckets, the bucket's versions and uploads and parts, each of its settings documents, and
/// the target object's bytes, ETag, ACL and tags. Two snapshots compare equal when nothing changed.
/// </summary>
public static class BucketState
{
    public static async Task<IReadOnlyList<string>> CaptureAsync(HostileInputWorld world)
    {
        var bucket = $"/{world.Bucket}";
        string[] reads =
        [
            "/",
            $"{bucket}?versions",
            $"{bucket}?uploads",
            $"/{world.Bucket}/{HostileInputWorld.UploadKey}?uploadId={world.UploadId}",
            $"{bucket}?cors",
            $"{bucket}?policy",
            $"{bucket}?acl",
            $"{bucket}?ownershipControls",
            $"{bucket}?publicAccessBlock",
            $"{bucket}?versioning",
            $"{bucket}?tagging",
            $"{bucket}?object-lock",
            $"{bucket}?encryption",
            $"/{world.SseCBlockedBucket}?encryption",
            $"/{world.SseCBlockedBucket}?list-type=2",
            world.ObjectPath,
            $"{world.ObjectPath}?acl",
            $"{world.ObjectPath}?tagging",
        ];
        var state = new List<string>(reads.Length);
        foreach (var target in reads)
        {
            var response = await world.Raw.SendAsync(world.Raw.Sign("GET", target));
            state.Add(Describe(target, response));
        }

        return state;
    }

    /// <summary>An error by its code alone: its body carries a request id, which differs on every call.</summary>
    private static string Describe(string target, RawResponse response)
    {
        var text = new StringBuilder($"GET {target} -> {response.Status}");
        if (response.ErrorCode is { } code)
        {
            return text.Append(' ').Append(code).ToString();
        }

        if (response.Header("ETag") is { } etag)
        {
            text.Append(" ETag ").Append(etag);
        }

        return text.Append('\n').Append(response.Text).ToString();
    }
}

namespace Coffer.Engine.Lifecycle;

/// <summary>
/// When an open multipart upload is abandoned: after the days of the enabled AbortIncompleteMultipartUpload rules whose
/// prefix covers its key (the fewest, when several do), else after <see cref="DefaultDays"/>. S3 keeps an incomplete
/// upload until a rule says otherwise; a self-hosted store would then keep the parts of every interrupted upload
/// forever, so Coffer applies this default rule to every bucket, with or without a configuration.
/// </summary>
public static class UploadAbortRules
{
    /// <summary>The default rule's days, for uploads no enabled rule covers.</summary>
    public const int DefaultDays = 7;

    public static int DaysFor(string key, LifecycleConfiguration? configuration)
    {
        ArgumentNullException.ThrowIfNull(key);
        int? fewest = null;
        foreach (var rule in configuration?.Rules ?? [])
        {
            // S3 refuses an abort rule filtered by tags or size: an upload has neither yet. The prefix alone decides.
            if (rule is { Enabled: true, AbortIncompleteMultipartUploadDays: { } days }
                && rule.Filter.Tags.Count == 0
                && key.StartsWith(rule.Filter.Prefix, StringComparison.Ordinal))
            {
                fewest = Math.Min(fewest ?? days, days);
            }
        }

        return fewest ?? DefaultDays;
    }
}

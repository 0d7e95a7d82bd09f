using Coffer.Engine.Errors;

namespace Coffer.Engine.Lifecycle;

/// <summary>
/// What S3 allows in a lifecycle configuration whose document was well formed: day counts, dates, which actions go
/// together, the order of transitions. Checked rule by rule, each rule's actions in document order, so the first
/// rule S3 would refuse is the one named. The messages are S3's where its wording is known.
/// See https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html
/// </summary>
public static class LifecycleValidation
{
    /// <summary>S3's limit on the noncurrent versions a rule may keep (NewerNoncurrentVersions).</summary>
    public const int MaxNewerNoncurrentVersions = 100;

    /// <exception cref="EngineException">InvalidArgument or InvalidRequest, its message the rule broken.</exception>
    public static void Check(LifecycleConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration.Rules.Count > LifecycleConfiguration.MaxRules)
        {
            throw Argument($"The number of lifecycle rules must not exceed the allowed limit of {LifecycleConfiguration.MaxRules} rules");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in configuration.Rules)
        {
            if (rule.Id.Length > LifecycleRule.MaxIdLength)
            {
                throw Argument($"ID length should not exceed allowed limit of {LifecycleRule.MaxIdLength}");
            }

            if (!ids.Add(rule.Id))
            {
                throw Argument("Rule ID must be unique. Found same ID for more than one rule");
            }

            CheckRule(rule);
        }
    }

    private static void CheckRule(LifecycleRule rule)
    {
        if (rule.Expiration is null && rule.Transitions.Count == 0 && rule.NoncurrentVersionExpiration is null
            && rule.NoncurrentVersionTransitions.Count == 0 && rule.AbortIncompleteMultipartUploadDays is null)
        {
            throw Request("At least one action needs to be specified in a rule");
        }

        CheckFilter(rule.Filter);
        if (rule.Expiration is { } expiration)
        {
            CheckExpiration(expiration, rule.Filter);
        }

        CheckTransitions(rule);
        CheckNoncurrent(rule);
        if (rule.AbortIncompleteMultipartUploadDays is { } abortDays)
        {
            if (abortDays <= 0)
            {
                throw Argument("'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive integer");
            }

            // An upload has no tags to match, so S3 refuses a rule that would need them.
            if (rule.Filter.NeedsTags)
            {
                throw Argument("AbortIncompleteMultipartUpload cannot be specified with Tags.");
            }
        }
    }

    private static void CheckFilter(LifecycleFilter filter)
    {
        if (filter.ObjectSizeGreaterThan is < 0)
        {
            throw Argument("'ObjectSizeGreaterThan' should be a non-negative integer");
        }

        if (filter.ObjectSizeLessThan is <= 0)
        {
            throw Argument("'ObjectSizeLessThan' should be a positive integer");
        }

        if (filter.ObjectSizeGreaterThan is { } above && filter.ObjectSizeLessThan is { } below && above >= below)
        {
            throw Argument("'ObjectSizeGreaterThan' must be less than 'ObjectSizeLessThan'");
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tag in filter.Tags)
        {
            if (!keys.Add(tag.Key))
            {
                throw Request("Duplicate Tag Keys are not allowed.");
            }
        }
    }

    private static void CheckExpiration(LifecycleExpiration expiration, LifecycleFilter filter)
    {
        if (expiration.Days is <= 0)
        {
            throw Argument("'Days' for Expiration action must be a positive integer");
        }

        if (expiration.Date is { } date)
        {
            RequireMidnight(date);
        }

        // A delete marker has no tags, so a tag filter can never match one.
        if (expiration.ExpiredObjectDeleteMarker is not null && filter.NeedsTags)
        {
            throw Argument("ExpiredObjectDeleteMarker cannot be specified with tags.");
        }
    }

    /// <summary>
    /// Days not negative, an infrequent-access class no earlier than day 30, each class once, all by Days or all by
    /// Date, down the waterfall in time order (30 days apart after an infrequent-access class), and before the
    /// rule's expiration.
    /// </summary>
    private static void CheckTransitions(LifecycleRule rule)
    {
        var classes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var transition in rule.Transitions)
        {
            if (transition.Days is < 0)
            {
                throw Argument("'Days' in Transition action must be a nonnegative integer");
            }

            if (transition.Date is { } date)
            {
                RequireMidnight(date);
            }

            if (transition.Days is { } days && days < LifecycleTransitionTargets.InfrequentAccessMinimumDays && LifecycleTransitionTargets.NeedsThirtyDays(transition.StorageClass))
            {
                throw Argument($"'Days' in Transition action must be greater than or equal to {LifecycleTransitionTargets.InfrequentAccessMinimumDays} for storageClass '{transition.StorageClass}'");
            }

            if (!classes.Add(transition.StorageClass))
            {
                throw Argument($"'StorageClass' must be different for 'Transition' actions in same 'Rule' with {Describe(rule.Filter)}");
            }
        }

        var byDays = rule.Transitions.Any(t => t.Days is not null);
        var byDate = rule.Transitions.Any(t => t.Date is not null);
        if (byDays && byDate)
        {
            throw Request($"Found mixed 'Date' and 'Days' based Transition actions in lifecycle rule for {Describe(rule.Filter)}");
        }

        if (rule.Transitions.Count > 0 && rule.Expiration is { Days: not null } or { Date: not null }
            && (rule.Expiration.Days is not null ? byDate : byDays))
        {
            throw Request($"Found mixed 'Date' and 'Days' based Expiration and Transition actions in lifecycle rule for {Describe(rule.Filter)}");
        }

        CheckWaterfall(rule);
    }

    private static void CheckWaterfall(LifecycleRule rule)
    {
        // In time order, each later transition must go further down, and an infrequent-access class keeps the object 30 days.
        var ordered = rule.Transitions.OrderBy(Moment).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            var (earlier, later) = (ordered[i - 1], ordered[i]);
            if (Moment(earlier) == Moment(later) || LifecycleTransitionTargets.Rank(later.StorageClass) < LifecycleTransitionTargets.Rank(earlier.StorageClass))
            {
                throw Argument($"'{What(later)}' in the Transition action for StorageClass '{later.StorageClass}' for {Describe(rule.Filter)} must be later than '{What(earlier)}' in the Transition action for StorageClass '{earlier.StorageClass}'");
            }

            if (LifecycleTransitionTargets.NeedsThirtyDays(earlier.StorageClass)
                && Moment(later) - Moment(earlier) < TimeSpan.FromDays(LifecycleTransitionTargets.InfrequentAccessMinimumDays))
            {
                throw Argument($"'{What(later)}' in the Transition action for StorageClass '{later.StorageClass}' for {Describe(rule.Filter)} must be {LifecycleTransitionTargets.InfrequentAccessMinimumDays} days more than '{What(earlier)}' in the Transition action for StorageClass '{earlier.StorageClass}'");
            }
        }

        if (ordered.Count > 0 && rule.Expiration is { } expiration)
        {
            var last = ordered[^1];
            if (expiration.Days is { } days && last.Days is { } transitionDays && days <= transitionDays)
            {
                throw Argument($"'Days' in the Expiration action for {Describe(rule.Filter)} must be greater than 'Days' in the Transition action");
            }

            if (expiration.Date is { } date && last.Date is { } transitionDate && date <= transitionDate)
            {
                throw Argument($"'Date' in the Expiration action for {Describe(rule.Filter)} must be later than 'Date' in the Transition action");
            }
        }
    }

    private static void CheckNoncurrent(LifecycleRule rule)
    {
        if (rule.NoncurrentVersionExpiration is { } expiration)
        {
            if (expiration.NoncurrentDays <= 0)
            {
                throw Argument("'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer");
            }

            CheckNewer(expiration.NewerNoncurrentVersions, "NoncurrentVersionExpiration");
        }

        var classes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var transition in rule.NoncurrentVersionTransitions)
        {
            if (transition.NoncurrentDays < 0)
            {
                throw Argument("'NoncurrentDays' in NoncurrentVersionTransition action must be a nonnegative integer");
            }

            if (transition.NoncurrentDays < LifecycleTransitionTargets.InfrequentAccessMinimumDays && LifecycleTransitionTargets.NeedsThirtyDays(transition.StorageClass))
            {
                throw Argument($"'NoncurrentDays' in NoncurrentVersionTransition action must be greater than or equal to {LifecycleTransitionTargets.InfrequentAccessMinimumDays} for storageClass '{transition.StorageClass}'");
            }

            if (!classes.Add(transition.StorageClass))
            {
                throw Argument($"'StorageClass' must be different for 'NoncurrentVersionTransition' actions in same 'Rule' with {Describe(rule.Filter)}");
            }

            CheckNewer(transition.NewerNoncurrentVersions, "NoncurrentVersionTransition");
            if (rule.NoncurrentVersionExpiration is { } noncurrentExpiration && noncurrentExpiration.NoncurrentDays <= transition.NoncurrentDays)
            {
                throw Argument($"'NoncurrentDays' in the NoncurrentVersionExpiration action for {Describe(rule.Filter)} must be greater than 'NoncurrentDays' in the NoncurrentVersionTransition action");
            }
        }

        var ordered = rule.NoncurrentVersionTransitions.OrderBy(t => t.NoncurrentDays).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            var (earlier, later) = (ordered[i - 1], ordered[i]);
            if (earlier.NoncurrentDays == later.NoncurrentDays || LifecycleTransitionTargets.Rank(later.StorageClass) < LifecycleTransitionTargets.Rank(earlier.StorageClass))
            {
                throw Argument($"'NoncurrentDays' in the NoncurrentVersionTransition action for StorageClass '{later.StorageClass}' for {Describe(rule.Filter)} must be greater than 'NoncurrentDays' in the NoncurrentVersionTransition action for StorageClass '{earlier.StorageClass}'");
            }

            if (LifecycleTransitionTargets.NeedsThirtyDays(earlier.StorageClass) && later.NoncurrentDays - earlier.NoncurrentDays < LifecycleTransitionTargets.InfrequentAccessMinimumDays)
            {
                throw Argument($"'NoncurrentDays' in the NoncurrentVersionTransition action for StorageClass '{later.StorageClass}' for {Describe(rule.Filter)} must be {LifecycleTransitionTargets.InfrequentAccessMinimumDays} days more than 'NoncurrentDays' in the NoncurrentVersionTransition action for StorageClass '{earlier.StorageClass}'");
            }
        }
    }

    private static void CheckNewer(int? newer, string action)
    {
        if (newer is { } count && count is <= 0 or > MaxNewerNoncurrentVersions)
        {
            throw Argument($"'NewerNoncurrentVersions' for {action} action must be a positive integer up to {MaxNewerNoncurrentVersions}");
        }
    }

    private static void RequireMidnight(DateTimeOffset date)
    {
        var utc = date.ToUniversalTime();
        if (utc.TimeOfDay != TimeSpan.Zero)
        {
            throw Argument("'Date' must be at midnight GMT");
        }
    }

    /// <summary>When a transition is due, counted from an object created at the epoch: Days and Dates sort alike within one rule, which never mixes them.</summary>
    private static DateTimeOffset Moment(LifecycleTransition transition) =>
        transition.Date ?? DateTimeOffset.UnixEpoch.AddDays(transition.Days ?? 0);

    private static string What(LifecycleTransition transition) => transition.Date is null ? "Days" : "Date";

    /// <summary>The rule's filter as S3's messages name it: <c>filter '(prefix=logs/)'</c>.</summary>
    private static string Describe(LifecycleFilter filter) => $"filter '(prefix={filter.Prefix})'";

    private static EngineException Argument(string message) => new(EngineError.InvalidArgument, message);

    private static EngineException Request(string message) => new(EngineError.InvalidRequest, message);
}

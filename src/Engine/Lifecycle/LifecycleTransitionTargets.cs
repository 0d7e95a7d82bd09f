namespace Coffer.Engine.Lifecycle;

/// <summary>
/// The storage classes a lifecycle transition may move objects to, in S3's "waterfall" order: a version only ever
/// moves down it (from STANDARD_IA to GLACIER, never back), so a rule's transitions to classes further down come later.
/// STANDARD and REDUCED_REDUNDANCY are where objects start, never a transition's target.
/// See https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html
/// </summary>
public static class LifecycleTransitionTargets
{
    public const string StandardIa = "STANDARD_IA";
    public const string OneZoneIa = "ONEZONE_IA";
    public const string IntelligentTiering = "INTELLIGENT_TIERING";
    public const string GlacierIr = "GLACIER_IR";
    public const string Glacier = "GLACIER";
    public const string DeepArchive = "DEEP_ARCHIVE";

    /// <summary>S3's least number of days an object must have lived before it moves to an infrequent-access class.</summary>
    public const int InfrequentAccessMinimumDays = 30;

    /// <summary>The targets, highest first: a transition may only go to a class after the one it comes from.</summary>
    private static readonly string[] Waterfall = [StandardIa, IntelligentTiering, OneZoneIa, GlacierIr, Glacier, DeepArchive];

    public static IReadOnlyList<string> All => Waterfall;

    public static bool IsTarget(string storageClass) => Array.IndexOf(Waterfall, storageClass) >= 0;

    /// <summary>The class's place in the waterfall (0 highest); -1 when it is no target.</summary>
    public static int Rank(string storageClass) => Array.IndexOf(Waterfall, storageClass);

    /// <summary>
    /// True for the infrequent-access classes, whose objects S3 charges for 30 days at least: a transition to one
    /// comes 30 days after creation or later, and the next transition 30 days after it or later.
    /// </summary>
    public static bool NeedsThirtyDays(string storageClass) => storageClass is StandardIa or OneZoneIa;
}

namespace Coffer.Engine.Buckets;

/// <summary>
/// A per-bucket document the engine keeps for the layers above: each is validated and serialized
/// there, and stored here as text. Policy, ACL, ownership controls and public access block are
/// expected to join CORS here.
/// </summary>
public enum BucketSettingName
{
    /// <summary>The bucket's CORS configuration (S3's CORSConfiguration document).</summary>
    Cors,

    /// <summary>The bucket policy (an IAM policy document in JSON, kept as the client sent it).</summary>
    Policy,

    /// <summary>The bucket's public access block (S3's PublicAccessBlockConfiguration document).</summary>
    PublicAccessBlock,

    /// <summary>The bucket's ACL grants, in the protocol layer's compact form (absent: the owner has full control).</summary>
    Acl,

    /// <summary>The bucket's object ownership rule (absent: ObjectWriter, ACLs enabled).</summary>
    OwnershipControls,

    /// <summary>The bucket's tags (S3's Tagging document, as Coffer writes it).</summary>
    Tagging,

    /// <summary>The bucket's lifecycle configuration, written and read only through <c>BucketLifecycle</c> (the engine's own JSON form).</summary>
    Lifecycle,

    /// <summary>The bucket's Intelligent-Tiering configurations, written and read only through <c>BucketIntelligentTiering</c> (the engine's own JSON form).</summary>
    IntelligentTiering,

    /// <summary>
    /// How far the lifecycle worker got in the bucket's pass of the current lifecycle day, so that a pass cut short (a
    /// crash, a stop) goes on where it was; the engine's own JSON, written only by <c>LifecycleWorker</c>.
    /// </summary>
    LifecycleProgress,

    /// <summary>
    /// How far the Intelligent-Tiering day pass got in the bucket, so that a pass cut short goes on where it was; the
    /// engine's own JSON, written only by <c>IntelligentTieringPass</c>.
    /// </summary>
    IntelligentTieringProgress,
}

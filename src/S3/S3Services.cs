using Coffer.Engine.Buckets;
using Coffer.Engine.Lifecycle;
using Coffer.Engine.Listing;
using Coffer.Engine.Multipart;
using Coffer.Engine.Objects;
using Coffer.Engine.Tiering;
using Coffer.S3.Auth;
using Coffer.S3.Authorization;
using Coffer.S3.QueryApi;
using Coffer.S3.Routing;

namespace Coffer.S3;

/// <summary>Everything the protocol layer needs from below, wired once by the host.</summary>
public sealed record S3Services(
    S3Options Options,
    S3Router Router,
    RequestAuthenticator Authenticator,
    BucketEngine Buckets,
    BucketSettings Settings,
    ObjectEngine Objects,
    ObjectLister Lister,
    VersionLister Versions,
    MultipartEngine Multipart,
    UploadLister Uploads,
    TimeProvider Clock)
{
    /// <summary>The buckets' lifecycle configurations; one per services, so its parsed-document cache is shared by every request.</summary>
    public BucketLifecycle Lifecycle { get; } = new(Settings);

    /// <summary>The buckets' Intelligent-Tiering configurations.</summary>
    public BucketIntelligentTiering IntelligentTiering { get; } = new(Settings);

    /// <summary>IAM and STS, served on the same endpoint; null where the host offers none.</summary>
    public IQueryApi? QueryApi { get; init; }

    /// <summary>The JSON-protocol services (KMS) on the same endpoint; none when null.</summary>
    public IJsonApi? JsonApi { get; init; }

    /// <summary>The ARNs of the key service's keys in this deployment's region and account; null without an account.</summary>
    public Engine.Kms.KmsArns? KmsArns => Options.AccountId is { } account ? new Engine.Kms.KmsArns(Options.Region, account) : null;

    /// <summary>RestoreObject and its worker; RestoreObject is refused with 501 when the host has none.</summary>
    public Engine.Archive.ArchiveRestores? Restores { get; init; }

    /// <summary>Where IAM users' and roles' policies come from; without it, only root and anonymous callers can be authorized.</summary>
    public IIdentityPolicySource? IdentityPolicies { get; init; }
}

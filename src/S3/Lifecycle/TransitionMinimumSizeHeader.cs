using Coffer.Engine.Lifecycle;
using Coffer.S3.Errors;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Lifecycle;

/// <summary>
/// <c>x-amz-transition-default-minimum-object-size</c>: sent with PutBucketLifecycleConfiguration to choose which small
/// objects transitions leave alone, and answered by both Put and GetBucketLifecycleConfiguration with the choice in force.
/// </summary>
public static class TransitionMinimumSizeHeader
{
    public const string Name = "x-amz-transition-default-minimum-object-size";

    private const string AllStorageClasses128K = "all_storage_classes_128K";
    private const string VariesByStorageClass = "varies_by_storage_class";

    /// <summary>The choice the request makes; S3's default (all_storage_classes_128K) without the header; InvalidArgument for another value.</summary>
    public static TransitionMinimumSize Read(IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (!headers.TryGetValue(Name, out var values))
        {
            return TransitionMinimumSize.AllStorageClasses128K;
        }

        return values.ToString().Trim() switch
        {
            AllStorageClasses128K => TransitionMinimumSize.AllStorageClasses128K,
            VariesByStorageClass => TransitionMinimumSize.VariesByStorageClass,
            var other => throw new S3Exception(
                S3Error.InvalidArgument,
                $"The {Name} header must be {AllStorageClasses128K} or {VariesByStorageClass}",
                [new("ArgumentName", Name), new("ArgumentValue", other)]),
        };
    }

    public static void Write(IHeaderDictionary headers, TransitionMinimumSize size)
    {
        ArgumentNullException.ThrowIfNull(headers);
        headers[Name] = size == TransitionMinimumSize.VariesByStorageClass ? VariesByStorageClass : AllStorageClasses128K;
    }
}

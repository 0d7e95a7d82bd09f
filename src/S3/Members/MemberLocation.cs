namespace Coffer.S3.Members;

/// <summary>Where a request member travels, as AWS's model binds it.</summary>
public enum MemberLocation
{
    Header,

    /// <summary>Every header that starts with the name (x-amz-meta-*).</summary>
    HeaderPrefix,

    Query,
}

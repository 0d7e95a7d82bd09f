using Coffer.Engine.Model;
using Coffer.S3.Auth;
using Coffer.S3.Errors;
using Coffer.S3.Operations;
using Coffer.S3.Xml;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Tagging;

/// <summary>
/// A tag set a request carries outside x-amz-tagging (a PutObjectTagging body, a POST form's tagging field), read and parsed
/// at most once. The authorizer reads it first when a policy tests s3:RequestObjectTag/&lt;key&gt; or s3:RequestObjectTagKeys;
/// the operation then stores the very tags that were judged. A set S3 refuses keeps its error for the operation to throw, so
/// that a caller the policies refuse still hears 403 rather than what is wrong with its document.
/// </summary>
public sealed class RequestTagSet(Func<Task<TagSet>> read)
{
    private Task<TagSet>? _tags;

    /// <summary>The Tagging document of a PutObjectTagging body, which must come with Content-MD5 or a checksum.</summary>
    public static RequestTagSet OfTaggingBody(IHeaderDictionary headers, AuthenticatedRequest auth, CancellationToken cancellationToken) =>
        new(async () => TaggingDocument.Parse(
            XmlRequestReader.Parse(await XmlRequestBody.ReadWithRequiredDigestAsync(headers, auth, cancellationToken)),
            TagSetOwner.ObjectVersion));

    /// <summary>The tags; S3's error for a set it refuses (MalformedXML, InvalidTag, BadDigest...), the same on every call.</summary>
    public Task<TagSet> ReadAsync() => _tags ??= ReadOnceAsync();

    /// <summary>The tags as policies see them: none when S3 refuses the set, which the operation then says.</summary>
    public async Task<TagSet?> ForPoliciesAsync()
    {
        try
        {
            return await ReadAsync();
        }
        catch (S3Exception)
        {
            return null;
        }
    }

    // Awaited inside an async method, so that a reader that throws before its first await still leaves a faulted task
    // behind, and the error is kept rather than the body read twice.
    private async Task<TagSet> ReadOnceAsync() => await read();
}

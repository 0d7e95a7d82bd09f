using Coffer.Access.Principals;
using Coffer.Engine.Model;
using Coffer.S3.Acls;
using Coffer.S3.Authorization;
using Coffer.S3.Encryption;
using Coffer.S3.Errors;
using Coffer.S3.Forms;
using Coffer.S3.Http;
using Coffer.S3.Members;
using Coffer.S3.ObjectLock;
using Coffer.S3.Routing;
using Coffer.S3.Tagging;
using Coffer.S3.Versioning;
using Coffer.S3.Xml;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Operations;

/// <summary>
/// POST Object: a browser uploads a file with an HTML form, signed by the POST policy in the form
/// (https://docs.aws.amazon.com/AmazonS3/latest/API/RESTObjectPOST.html). The request carries no
/// Authorization header, so the middleware leaves authentication and authorization to this
/// operation, which can only decide them once it has read the fields before the file.
/// </summary>
internal static class PostObject
{
    /// <summary>Form fields S3 reads as the PutObject headers of the same names.</summary>
    private static readonly HashSet<string> HeaderFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Type", "Cache-Control", "Content-Disposition", "Content-Encoding", "Content-Language", "Expires", "x-amz-storage-class",
        ObjectLockHeaders.Mode, ObjectLockHeaders.RetainUntilDate, ObjectLockHeaders.LegalHold,
        ServerSideEncryptionHeader.Name, ServerSideEncryptionHeader.KmsKeyIdName, ServerSideEncryptionHeader.ContextName, ServerSideEncryptionHeader.BucketKeyName,
        CustomerKeyHeader.AlgorithmName, CustomerKeyHeader.KeyName, CustomerKeyHeader.KeyMd5Name,
    };

    private const string CannedAclHeader = "x-amz-acl";

    public static async Task HandleAsync(S3Request request)
    {
        // 1. The fields before the file; the file stays in the request until the write reads it.
        var form = await PostFormReader.ReadAsync(request.Auth.Body, request.HttpRequest.ContentType, request.Aborted);
        var bucket = Names.Bucket(request);
        var keyText = (form.Field("key") ?? throw MissingKey()).Replace("${filename}", form.FileName, StringComparison.Ordinal);
        var key = keyText.Length > 0
            ? Names.Key(keyText)
            : throw new S3Exception(S3Error.InvalidArgument, "User key must have a length greater than 0.", [new("ArgumentName", "key"), new("ArgumentValue", "")]);

        // 2. Who signed the form (null: nobody), then whether its policy allows this upload.
        var signer = await request.Services.Authenticator.PostPolicy.VerifyAsync(form.Field, request.Aborted);
        if (form.Field("policy") is { } policy)
        {
            var checkedFields = new Dictionary<string, string>(form.Fields, StringComparer.OrdinalIgnoreCase)
            {
                ["bucket"] = bucket.Value,
                ["key"] = keyText,
            };
            form.File.Range = PostPolicyCheck.Evaluate(PostPolicyDocument.Parse(policy), checkedFields, request.Services.Clock.GetUtcNow());
        }

        // 3. May the signer (or anyone, for an unsigned form) write this key, and tag it as the form says?
        var operation = S3Operation.Of(S3OperationKind.PutObject, bucket.Value, key.Value);
        var formTags = new RequestTagSet(() => Task.FromResult(TagsOf(form)));
        var signerAuthorizer = await PostObjectAuthorization.AuthorizeAsync(request, signer, operation, formTags);

        // 4. Fields S3 reads as PutObject's headers are refused as those headers are (an encryption
        // or lock field must not be dropped in silence); a malformed tag set is S3's 400.
        await RefuseUnhonouredFieldsAsync(request, operation, form, signer?.Caller ?? request.Auth.Caller);
        var tags = await formTags.ReadAsync();

        // 5. The write, streamed from the file part as a PutObject streams its body.
        var headers = ObjectHeadersOf(form);
        var checksum = ChecksumHeaders.Read(headers);
        // The form's signer, not the HTTP request, is the caller whose kms:GenerateDataKey is checked on the key that will
        // seal the file (the form's, the bucket default's or aws/s3); an unsigned form has no caller who could hold it, so
        // it is AccessDenied whenever a KMS key would be used, as S3 refuses anonymous SSE-KMS requests.
        var owner = signer?.Principal ?? request.Principal;
        var written = PutObject.WriteRequest(bucket, key, headers, checksum, owner) with { KeyUse = new CallerKeyUse(signerAuthorizer, owner) };
        var lockRequest = ObjectLockHeaders.Read(headers, request.Services.Clock.GetUtcNow());
        var put = written with
        {
            ExpectedChecksum = PutObject.ExpectedChecksum(request, checksum),

            // A form has no Content-MD5 of its file to give, so S3's rule for a PUT that object lock will hold does not apply.
            LockNeedsClientDigest = false,
            Attributes = written.Attributes with
            {
                Acl = await ResourceAcls.FromObjectWriteAsync(request.Services.Settings, bucket, headers, request.Aborted),
                Tags = tags,
                Retention = lockRequest.Retention,
                LegalHold = lockRequest.LegalHold,
            },
        };
        var stored = await request.Services.Objects.PutAsync(put, form.File, request.Aborted);
        VersionHeaders.Write(request.Response.Headers, stored.VersionId);
        ServerSideEncryptionHeader.Write(request.Response.Headers, stored.Attributes, withContext: true);
        CustomerKeyHeader.Write(request.Response.Headers, stored.Attributes, put.CustomerKey);

        // 6. The answer the form asked for.
        await RespondAsync(request, form, bucket, key, stored.ETag);
    }

    private static async Task RefuseUnhonouredFieldsAsync(S3Request request, S3Operation operation, PostForm form, RequestPrincipal caller)
    {
        var fields = new HeaderDictionary();
        foreach (var (name, value) in form.Fields)
        {
            fields[name] = value;
        }

        await CustomerKeyBlock.CheckAsync(request.Services, operation, fields, caller, request.Aborted);
        UnhonouredMembers.Check(S3OperationKind.PutObject, fields, QueryCollection.Empty);
        CustomerKeyHeader.RequireSecureTransport(request.HttpRequest.HttpContext, fields, request.Services.Options);
    }

    /// <summary>The form's tagging field: a Tagging document (not x-amz-tagging's query form); none without it.</summary>
    private static TagSet TagsOf(PostForm form) =>
        form.Field("tagging") is { } tagging && tagging.Trim().Length > 0
            ? TaggingDocument.ParseText(tagging, TagSetOwner.ObjectVersion)
            : TagSet.Empty;

    private static S3Exception MissingKey() => new(
        S3Error.InvalidArgument,
        "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.",
        [new("ArgumentName", "key"), new("ArgumentValue", "")]);

    /// <summary>
    /// The fields that are object headers, as a header collection for PutObject's reader; the
    /// acl field is the x-amz-acl header of a PUT.
    /// </summary>
    private static HeaderDictionary ObjectHeadersOf(PostForm form)
    {
        var headers = new HeaderDictionary();
        if (form.Field("acl") is { } acl)
        {
            headers[CannedAclHeader] = acl;
        }

        foreach (var (name, value) in form.Fields)
        {
            if (HeaderFields.Contains(name)
                || name.StartsWith("x-amz-meta-", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("x-amz-checksum-", StringComparison.OrdinalIgnoreCase))
            {
                headers[name] = value;
            }
        }

        return headers;
    }

    /// <summary>
    /// success_action_redirect (or the older redirect) wins: 303 to it with the object's bucket, key
    /// and ETag in the query. Else success_action_status 200 or 204 (empty) or 201 (a PostResponse
    /// document); anything else is 204, as in S3.
    /// </summary>
    private static async Task RespondAsync(S3Request request, PostForm form, BucketName bucket, ObjectKey key, string etag)
    {
        var response = request.Response;
        var location = ObjectUrl(request, bucket, key);
        response.Headers.ETag = etag;
        response.Headers.Location = location;

        if (RedirectTarget(form) is { } target)
        {
            var separator = target.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            response.StatusCode = StatusCodes.Status303SeeOther;
            response.Headers.Location = $"{target}{separator}bucket={Uri.EscapeDataString(bucket.Value)}&key={Uri.EscapeDataString(key.Value)}&etag={Uri.EscapeDataString(etag)}";
            response.ContentLength = 0;
            return;
        }

        switch (form.Field("success_action_status"))
        {
            case "200":
                response.StatusCode = StatusCodes.Status200OK;
                response.ContentLength = 0;
                break;
            case "201":
                await XmlResponse.WriteAsync(response, StatusCodes.Status201Created, xml =>
                {
                    xml.WriteStartElement("PostResponse");
                    xml.Element("Location", location);
                    xml.Element("Bucket", bucket.Value);
                    xml.Element("Key", key.Value);
                    xml.Element("ETag", etag);
                    xml.WriteEndElement();
                }, request.Aborted);
                break;
            default:
                response.StatusCode = StatusCodes.Status204NoContent;
                break;
        }
    }

    /// <summary>An absolute http(s) URL from success_action_redirect or redirect; anything else is ignored.</summary>
    private static string? RedirectTarget(PostForm form)
    {
        var text = form.Field("success_action_redirect") ?? form.Field("redirect");
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? text
            : null;
    }

    /// <summary>The new object's URL, addressed the way the form was posted (virtual-hosted or path style).</summary>
    private static string ObjectUrl(S3Request request, BucketName bucket, ObjectKey key)
    {
        var http = request.HttpRequest;
        var host = http.Host.Value ?? "";
        var path = request.Services.Router.IsVirtualHosted(host)
            ? "/" + UriEncoding.EncodeText(key.Value, keepSlash: true)
            : "/" + bucket.Value + "/" + UriEncoding.EncodeText(key.Value, keepSlash: true);
        return $"{http.Scheme}://{host}{path}";
    }
}

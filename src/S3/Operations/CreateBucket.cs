using Coffer.Access.Acls;
using Coffer.Engine.Buckets;
using Coffer.Engine.Errors;
using Coffer.Engine.Model;
using Coffer.S3.Acls;
using Coffer.S3.Errors;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

internal static class CreateBucket
{
    public static async Task HandleAsync(S3Request request)
    {
        if (!BucketName.TryParse(request.Operation.Bucket, out var name))
        {
            throw new S3Exception(S3Error.InvalidBucketName, details: [new("BucketName", request.Operation.Bucket ?? "")]);
        }

        var body = await XmlRequestReader.ReadBodyAsync(request.Auth.Body, request.Aborted);
        var region = LocationConstraint(XmlRequestReader.Parse(body)) ?? request.Services.Options.Region;
        var (ownership, acl) = AccessSettings(request);

        try
        {
            await request.Services.Buckets.CreateAsync(name.Value, region, request.Principal, request.Aborted);

            // Stored after the bucket exists, in transactions of their own: a crash between them
            // leaves a bucket with the default settings (ObjectWriter, private), never a wider one.
            if (ownership is { } rule)
            {
                await request.Services.Settings.PutAsync(name.Value, BucketSettingName.OwnershipControls, rule.ToString(), request.Aborted);
            }

            if (acl is not null && ownership != ObjectOwnership.BucketOwnerEnforced && acl != AccessControlList.Default(acl.OwnerId))
            {
                await request.Services.Settings.PutAsync(name.Value, BucketSettingName.Acl, AclText.Format(acl.Grants), request.Aborted);
            }
        }
        catch (EngineException error) when (error.Code == EngineError.BucketAlreadyExists)
        {
            // S3 in us-east-1 answers 200 to an owner re-creating their bucket, and changes nothing;
            // every other region answers BucketAlreadyOwnedByYou. Tools that "create on first use"
            // rely on either.
            if (!await IsLegacyRecreateAsync(request, name.Value, region))
            {
                throw;
            }
        }

        request.Response.StatusCode = 200;
        request.Response.Headers.Location = "/" + name.Value;
        request.Response.ContentLength = 0;
    }

    /// <summary>
    /// x-amz-object-ownership and the bucket's ACL headers, checked before anything is created: an
    /// unknown rule is InvalidArgument, and ACL headers that grant to anyone but the owner are
    /// InvalidBucketAclWithObjectOwnership on a bucket created with ACLs off.
    /// </summary>
    private static (ObjectOwnership? Ownership, AccessControlList? Acl) AccessSettings(S3Request request)
    {
        ObjectOwnership? ownership = null;
        if (request.Header("x-amz-object-ownership") is { } header)
        {
            ownership = ObjectOwnershipRules.TryParse(header.Trim(), out var rule)
                ? rule
                : throw new S3Exception(S3Error.InvalidArgument, "Invalid x-amz-object-ownership header", [new("ArgumentName", "x-amz-object-ownership"), new("ArgumentValue", header)]);
        }

        var acl = AclHeaders.Read(request.HttpRequest.Headers, ResourceAcls.OwnerId, ResourceAcls.OwnerId, forBucket: true);
        if (ownership == ObjectOwnership.BucketOwnerEnforced && acl is { GrantsOnlyToOwner: false })
        {
            throw new S3Exception(S3Error.InvalidBucketAclWithObjectOwnership);
        }

        return (ownership, acl);
    }

    private static async Task<bool> IsLegacyRecreateAsync(S3Request request, BucketName name, string region)
    {
        var existing = await request.Services.Buckets.GetAsync(name, request.Aborted);
        return region == "us-east-1" && existing.Region == "us-east-1" && existing.Owner == request.Principal;
    }

    /// <summary>
    /// The region a client asks for. Coffer serves every bucket from this one endpoint, so any
    /// well-formed region name is accepted and stored; GetBucketLocation reports it back.
    /// </summary>
    private static string? LocationConstraint(System.Xml.Linq.XElement? configuration)
    {
        if (configuration is null)
        {
            return null;
        }

        if (configuration.Name.LocalName != "CreateBucketConfiguration")
        {
            throw new S3Exception(S3Error.MalformedXML);
        }

        var constraint = configuration.Child("LocationConstraint")?.Value.Trim();
        if (string.IsNullOrEmpty(constraint))
        {
            return null;
        }

        if (constraint.Length > 64 || !constraint.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw new S3Exception(S3Error.InvalidLocationConstraint);
        }

        return constraint;
    }
}

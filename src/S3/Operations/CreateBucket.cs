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
        if (!BucketName.TryParse(request.Operation.Bucket, out var name, out var problem))
        {
            // S3 says only that the name is not valid; saying which rule it breaks spares the reader a search.
            throw new S3Exception(
                S3Error.InvalidBucketName, $"{S3Error.InvalidBucketName.Message} {problem}", [new("BucketName", request.Operation.Bucket ?? "")]);
        }

        var body = await XmlRequestReader.ReadBodyAsync(request.Auth.Body, request.Aborted);
        var region = LocationConstraint(XmlRequestReader.Parse(body), request.Services.Options.Region) ?? request.Services.Options.Region;
        var (ownership, acl) = AccessSettings(request);

        try
        {
            await request.Services.Buckets.CreateAsync(name.Value, region, request.Principal, ObjectLockEnabled(request), request.Aborted);

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

    /// <summary>x-amz-bucket-object-lock-enabled: true creates the bucket with object lock, and so with versioning on for good.</summary>
    private static bool ObjectLockEnabled(S3Request request) => request.Header("x-amz-bucket-object-lock-enabled")?.Trim().ToLowerInvariant() switch
    {
        null or "false" => false,
        "true" => true,
        var other => throw new S3Exception(
            S3Error.InvalidArgument, "Invalid value for x-amz-bucket-object-lock-enabled", [new("ArgumentName", "x-amz-bucket-object-lock-enabled"), new("ArgumentValue", other)]),
    };

    private static async Task<bool> IsLegacyRecreateAsync(S3Request request, BucketName name, string region)
    {
        var existing = await request.Services.Buckets.GetAsync(name, request.Aborted);
        return region == "us-east-1" && existing.Region == "us-east-1" && existing.Owner == request.Principal;
    }

    /// <summary>
    /// The region a client asks for, which must be this endpoint's: S3 answers a constraint naming
    /// another region IllegalLocationConstraintException, and a Coffer bucket can only live here.
    /// A request without one gets this endpoint's region, as in us-east-1 (S3's other regions
    /// refuse it, but Coffer has no other region to mean, and tools that create buckets on first
    /// use often send none).
    /// </summary>
    private static string? LocationConstraint(System.Xml.Linq.XElement? configuration, string region)
    {
        if (configuration is null)
        {
            return null;
        }

        if (configuration.Name.LocalName != "CreateBucketConfiguration")
        {
            throw new S3Exception(S3Error.MalformedXML);
        }

        foreach (var element in configuration.Elements())
        {
            switch (element.Name.LocalName)
            {
                case "LocationConstraint":
                    break;
                case "Tags":
                    throw NotImplemented("Tags", "bucket tags");
                case "Location" or "Bucket":
                    throw NotImplemented(element.Name.LocalName, "directory buckets");
                default:
                    throw new S3Exception(S3Error.MalformedXML);
            }
        }

        var constraint = configuration.Child("LocationConstraint")?.Value.Trim();
        if (string.IsNullOrEmpty(constraint))
        {
            return null;
        }

        var wellFormed = constraint == "EU" || (constraint.Length <= 64 && constraint.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'));
        if (!wellFormed)
        {
            throw new S3Exception(S3Error.InvalidLocationConstraint);
        }

        // "EU" is S3's old name for eu-west-1.
        if ((constraint == "EU" ? "eu-west-1" : constraint) != region)
        {
            throw new S3Exception(
                S3Error.IllegalLocationConstraintException,
                $"The {constraint} location constraint is incompatible for the region specific endpoint this request was sent to.");
        }

        return region;
    }

    private static S3Exception NotImplemented(string element, string feature) => new(
        S3Error.NotImplemented,
        $"Coffer does not implement {feature} yet: a CreateBucketConfiguration with {element} is refused, and no bucket was created.");
}

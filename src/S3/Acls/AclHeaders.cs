using Coffer.Access.Acls;
using Coffer.S3.Errors;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Acls;

/// <summary>
/// The ACL a request asks for in its headers: a canned ACL (x-amz-acl) or explicit grants
/// (x-amz-grant-read: id="…", uri="…", emailAddress="…"), never both.
/// </summary>
public static class AclHeaders
{
    public const string Canned = "x-amz-acl";

    private static readonly (string Header, AclPermission Permission)[] GrantHeaders =
    [
        ("x-amz-grant-read", AclPermission.Read),
        ("x-amz-grant-write", AclPermission.Write),
        ("x-amz-grant-read-acp", AclPermission.ReadAcp),
        ("x-amz-grant-write-acp", AclPermission.WriteAcp),
        ("x-amz-grant-full-control", AclPermission.FullControl),
    ];

    /// <summary>True when the request carries x-amz-acl or any x-amz-grant-* header.</summary>
    public static bool Present(IHeaderDictionary headers) =>
        headers.ContainsKey(Canned) || GrantHeaders.Any(grant => headers.ContainsKey(grant.Header));

    /// <summary>
    /// The requested ACL for a resource owned by <paramref name="ownerId"/>, or null when the
    /// request names none. An unknown canned name is InvalidArgument; canned with grants is
    /// InvalidRequest. Explicit grants are the whole ACL: the owner gets no implicit grant, as in S3.
    /// </summary>
    public static AccessControlList? Read(IHeaderDictionary headers, string ownerId, string bucketOwnerId, bool forBucket)
    {
        var grants = new List<AclGrant>();
        foreach (var (header, permission) in GrantHeaders)
        {
            if (headers.TryGetValue(header, out var values))
            {
                grants.AddRange(ParseGrantees(values.ToString()).Select(grantee => new AclGrant(grantee, permission)));
            }
        }

        if (headers.TryGetValue(Canned, out var canned))
        {
            if (GrantHeaders.Any(grant => headers.ContainsKey(grant.Header)))
            {
                throw new S3Exception(S3Error.InvalidRequest, "Specifying both Canned ACLs and Header Grants is not allowed");
            }

            return CannedAcl.TryExpand(canned.ToString().Trim(), ownerId, bucketOwnerId, forBucket, out var acl)
                ? acl
                : throw new S3Exception(S3Error.InvalidArgument, details: [new("ArgumentName", Canned), new("ArgumentValue", canned.ToString())]);
        }

        if (grants.Count == 0 && !GrantHeaders.Any(grant => headers.ContainsKey(grant.Header)))
        {
            return null;
        }

        return grants.Count <= AccessControlList.MaxGrants
            ? new AccessControlList(ownerId, grants)
            : throw new S3Exception(S3Error.InvalidArgument, "The ACL has more than 100 grants.");
    }

    /// <summary>
    /// One header's grantees: comma-separated <c>type="value"</c> pairs, the type being id, uri or
    /// emailAddress (case-insensitive), the quotes optional. Anything else is InvalidArgument.
    /// </summary>
    internal static IEnumerable<AclGrantee> ParseGrantees(string header)
    {
        var grantees = new List<AclGrantee>();
        foreach (var item in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw BadGrant(header);
            }

            var type = item[..equals].Trim();
            var value = item[(equals + 1)..].Trim();
            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
            {
                value = value[1..^1];
            }

            grantees.Add(type.ToLowerInvariant() switch
            {
                "id" => AclGrantees.User(value),
                "uri" => AclGrantees.Group(value),
                "emailaddress" => AclGrantees.Email(value),
                _ => throw BadGrant(header),
            });
        }

        return grantees.Count > 0 ? grantees : throw BadGrant(header);
    }

    private static S3Exception BadGrant(string header) =>
        new(S3Error.InvalidArgument, "Invalid grant header", [new("ArgumentName", "x-amz-grant"), new("ArgumentValue", header)]);
}

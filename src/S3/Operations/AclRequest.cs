using Coffer.Access.Acls;
using Coffer.S3.Acls;
using Coffer.S3.Errors;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

/// <summary>The new ACL of a PutBucketAcl or PutObjectAcl: from its body or from its headers, never both.</summary>
internal static class AclRequest
{
    public static async Task<AccessControlList> ReadAsync(S3Request request, bool forBucket)
    {
        var body = await XmlRequestBody.ReadAsync(request);
        var document = Parse(body);
        var fromHeaders = AclHeaders.Present(request.HttpRequest.Headers);
        if (document is not null && fromHeaders)
        {
            throw new S3Exception(S3Error.UnexpectedContent);
        }

        return fromHeaders
            ? AclHeaders.Read(request.HttpRequest.Headers, ResourceAcls.OwnerId, ResourceAcls.OwnerId, forBucket)!
            : document is not null
                ? AclXml.Read(document, ResourceAcls.OwnerId)
                : throw new S3Exception(S3Error.MissingRequestBodyError);
    }

    /// <summary>S3 answers an ACL document that is not well-formed XML as it answers one of the wrong shape: MalformedACLError.</summary>
    private static System.Xml.Linq.XElement? Parse(byte[] body)
    {
        try
        {
            return XmlRequestReader.Parse(body);
        }
        catch (S3Exception malformed) when (malformed.Error == S3Error.MalformedXML)
        {
            throw new S3Exception(S3Error.MalformedACLError);
        }
    }
}

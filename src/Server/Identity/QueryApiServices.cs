using Coffer.Iam;
using Coffer.Iam.Query;
using Coffer.Iam.Sts;
using Coffer.S3.QueryApi;
using Coffer.Server.AdminApi;

namespace Coffer.Server.Identity;

/// <summary>
/// IAM, STS and Coffer's own admin calls behind the S3 layer's Query API seam: each request goes to the service it was
/// signed for.
/// </summary>
public sealed class QueryApiServices(IamEndpoint iam, StsEndpoint sts, AdminEndpoint admin) : IQueryApi
{
    public const string Iam = "iam";
    public const string Sts = "sts";

    /// <summary>The signing name of Coffer's admin calls (see <see cref="AdminEndpoint"/>), which AWS has no service for.</summary>
    public const string Admin = "coffer";

    public IReadOnlySet<string> Services { get; } = new HashSet<string>(StringComparer.Ordinal) { Iam, Sts, Admin };

    public Task HandleAsync(HttpContext context, QueryApiRequest request)
    {
        var caller = new IamCaller(request.Caller, request.SessionPolicy);
        return request.Service switch
        {
            Sts => sts.HandleAsync(context, request.Parameters, caller, request.AccessKeyId, request.RequestId),
            Admin => admin.HandleAsync(context, request.Parameters, request.Caller, request.RequestId),
            _ => iam.HandleAsync(context, request.Parameters, caller, request.RequestId),
        };
    }

    public Task WriteErrorAsync(HttpContext context, string service, QueryApiError error, string requestId) =>
        QueryErrorWriter.WriteAsync(
            context,
            service switch
            {
                Sts => StsEndpoint.XmlNamespace,
                Admin => AdminEndpoint.XmlNamespace,
                _ => IamEndpoint.XmlNamespace,
            },
            new QueryException(error.Code, error.StatusCode, error.Message),
            requestId);
}

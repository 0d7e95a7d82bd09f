using Coffer.Iam;
using Coffer.Iam.Query;
using Coffer.Iam.Sts;
using Coffer.S3.QueryApi;

namespace Coffer.Server.Identity;

/// <summary>IAM and STS behind the S3 layer's Query API seam: each request goes to the service it was signed for.</summary>
public sealed class QueryApiServices(IamEndpoint iam, StsEndpoint sts) : IQueryApi
{
    public const string Iam = "iam";
    public const string Sts = "sts";

    public IReadOnlySet<string> Services { get; } = new HashSet<string>(StringComparer.Ordinal) { Iam, Sts };

    public Task HandleAsync(HttpContext context, QueryApiRequest request)
    {
        var caller = new IamCaller(request.Caller, request.SessionPolicy);
        return request.Service == Sts
            ? sts.HandleAsync(context, request.Parameters, caller, request.AccessKeyId, request.RequestId)
            : iam.HandleAsync(context, request.Parameters, caller, request.RequestId);
    }

    public Task WriteErrorAsync(HttpContext context, string service, QueryApiError error, string requestId) =>
        QueryErrorWriter.WriteAsync(
            context,
            service == Sts ? StsEndpoint.XmlNamespace : IamEndpoint.XmlNamespace,
            new QueryException(error.Code, error.StatusCode, error.Message),
            requestId);
}

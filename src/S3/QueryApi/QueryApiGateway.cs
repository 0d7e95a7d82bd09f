using Coffer.S3.Errors;
using Coffer.S3.Http;

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Coffer.S3.QueryApi;

/// <summary>
/// Takes a POST to the service root that carries a form (Action=…&amp;Version=…), reads the form,
/// verifies its SigV4 signature for one of the Query services, and hands it to that service.
/// </summary>
internal static class QueryApiGateway
{
    /// <summary>Far above any real request: IAM's largest is a policy document of 10,240 characters, URL-encoded.</summary>
    private const int MaxFormBytes = 256 * 1024;

    private const string JsonTargetHeader = "X-Amz-Target";

    /// <returns>
    /// For the access log: the access key id that signed (null when none did, or the signature was refused) and the
    /// call's name, such as <c>iam:CreateUser</c> (null when the form was not read).
    /// </returns>
    public static async Task<(string? AccessKeyId, string? Name)> HandleAsync(HttpContext context, S3Services services, string requestId)
    {
        var target = context.Request.Headers[JsonTargetHeader].ToString();
        if (target.Length > 0
            && services.JsonApi is { } jsonApi
            && (jsonApi.ServiceOf(target) ?? (IsAwsJson(context.Request) ? jsonApi.UnknownTargetService : null)) is { } jsonService)
        {
            return await HandleJsonAsync(context, services, jsonApi, jsonService, target, requestId);
        }

        if (services.QueryApi is not { } api || !IsForm(context.Request))
        {
            throw new S3Exception(S3Error.MethodNotAllowed);
        }

        var service = api.Services.First();
        string? accessKeyId = null;
        string? name = null;
        try
        {
            var body = await ReadFormAsync(context.Request, context.RequestAborted);
            var (credentials, signedFor) = await services.Authenticator.AuthenticateQueryApiAsync(context, api.Services, body, context.RequestAborted);
            service = signedFor;
            accessKeyId = credentials?.AccessKeyId;
            var parameters = ParametersOf(context.Request.Query, body);
            name = service + ":" + (parameters.TryGetValue("Action", out var action) ? UriEncoding.EncodeText(action, keepSlash: false) : "");
            var request = new QueryApiRequest(
                service,
                parameters,
                credentials?.Caller ?? Access.Principals.RequestPrincipal.Anonymous,
                credentials?.AccessKeyId,
                credentials?.SessionPolicy,
                requestId);
            await api.HandleAsync(context, request);
        }
        catch (S3Exception error)
        {
            await api.WriteErrorAsync(context, service, new QueryApiError(error.Error.Code, error.Message, error.Error.StatusCode), requestId);
        }

        return (accessKeyId, name);
    }

    /// <summary>
    /// A JSON-protocol call (KMS): the body is read whole (it is small), the signature must be for the target's service,
    /// and an unsigned call is refused before the service sees it, as AWS refuses it.
    /// </summary>
    private static async Task<(string? AccessKeyId, string? Name)> HandleJsonAsync(
        HttpContext context, S3Services services, IJsonApi api, string service, string target, string requestId)
    {
        string? accessKeyId = null;
        try
        {
            var body = await ReadFormAsync(context.Request, context.RequestAborted);
            var (credentials, _) = await services.Authenticator.AuthenticateQueryApiAsync(
                context, new HashSet<string>(StringComparer.Ordinal) { service }, body, context.RequestAborted);
            if (credentials is null)
            {
                await api.WriteErrorAsync(context, new QueryApiError("MissingAuthenticationTokenException", "Missing Authentication Token", 400), requestId);
                return (null, NameOf(service, target));
            }

            accessKeyId = credentials.AccessKeyId;
            await api.HandleAsync(
                context,
                new JsonApiRequest(target, body, credentials.Caller, credentials.AccessKeyId, credentials.SessionPolicy, requestId));
        }
        catch (S3Exception error)
        {
            await api.WriteErrorAsync(context, new QueryApiError(error.Error.Code, error.Message, error.Error.StatusCode), requestId);
        }

        return (accessKeyId, NameOf(service, target));
    }

    /// <summary>For the access log: <c>kms:Encrypt</c> for the target <c>TrentService.Encrypt</c>.</summary>
    private static string NameOf(string service, string target) =>
        service + ":" + UriEncoding.EncodeText(target[(target.LastIndexOf('.') + 1)..], keepSlash: false);

    /// <summary>
    /// A body in the AWS JSON protocol: with an X-Amz-Target it is a JSON API call whatever the target, and an unknown
    /// target gets the JSON service's error rather than S3's XML. A form with a stray X-Amz-Target stays a Query API call.
    /// </summary>
    private static bool IsAwsJson(HttpRequest request) =>
        request.ContentType?.StartsWith("application/x-amz-json-", StringComparison.OrdinalIgnoreCase) == true;

    private static bool IsForm(HttpRequest request) =>
        request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true;

    private static async Task<ReadOnlyMemory<byte>> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxFormBytes)
        {
            throw new S3Exception(S3Error.EntityTooLarge, $"A Query API request body may not exceed {MaxFormBytes} bytes.");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxFormBytes)
            {
                throw new S3Exception(S3Error.EntityTooLarge, $"A Query API request body may not exceed {MaxFormBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    /// <summary>Form fields, then query parameters not already given; the first value of a repeated name.</summary>
    private static Dictionary<string, string> ParametersOf(IQueryCollection query, ReadOnlyMemory<byte> body)
    {
        var form = QueryHelpers.ParseQuery(System.Text.Encoding.UTF8.GetString(body.Span));
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in form.Concat(query))
        {
            parameters.TryAdd(name, FirstOf(values));
        }

        return parameters;
    }

    private static string FirstOf(StringValues values) => values.Count == 0 ? "" : values[0] ?? "";
}

using Coffer.S3.Errors;
using Coffer.S3.Http;
using Coffer.S3.Routing;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Members;

/// <summary>
/// Refuses, before an operation reads its body or changes anything, every header and query
/// parameter that <see cref="RequestMembers"/> marks as refused: a client told "200" believes its
/// object encrypted, locked or tagged, so a feature Coffer lacks must be a 501, never a silent yes.
/// </summary>
public static class UnhonouredMembers
{
    public static void Check(S3OperationKind kind, IHeaderDictionary headers, IQueryCollection query)
    {
        // S3's own 400s for encryption headers that contradict each other come first, as in S3,
        // where they are checked before any encryption happens.
        if (RequestMembers.TakesEncryptionHeaders(kind))
        {
            EncryptionHeaders.Validate(headers);
        }

        if (kind is S3OperationKind.GetObject or S3OperationKind.HeadObject)
        {
            RefuseWriteEncryptionOnRead(headers);
        }

        RefuseEncryptionInQuery(query);

        foreach (var rule in RequestMembers.For(kind))
        {
            if (ValueOf(rule, headers, query) is not { } value)
            {
                continue;
            }

            if (rule.Invalid?.Invoke(value) is { } invalid)
            {
                throw invalid;
            }

            if (rule.Refuses(value))
            {
                throw Refusal(rule);
            }
        }
    }

    private static string? ValueOf(MemberRule rule, IHeaderDictionary headers, IQueryCollection query) => rule.Location switch
    {
        MemberLocation.Header => headers.TryGetValue(rule.WireName, out var header) ? header.ToString() : null,
        MemberLocation.Query => query.TryGetValue(rule.WireName, out var parameter) ? parameter.ToString() : null,
        _ => null, // Prefix members (x-amz-meta-*) are never refused.
    };

    private static S3Exception Refusal(MemberRule rule)
    {
        var (kind, detail) = rule.Location == MemberLocation.Query ? ("query parameter", "Parameter") : ("header", "Header");
        return new S3Exception(
            S3Error.NotImplemented,
            $"Coffer does not implement {rule.Reason} yet: the {rule.WireName} {kind} is refused, and nothing was stored or changed.",
            [new(detail, rule.WireName)]);
    }

    /// <summary>
    /// An encryption header sent as a query parameter, as a presigner that moves every x-amz-* header into the URL would
    /// send it, is not read as a header: ignored, it would store plaintext for a client that asked for encryption (and
    /// an SSE-C key does not belong in a URL). Refused instead, naming the parameter.
    /// </summary>
    private static void RefuseEncryptionInQuery(IQueryCollection query)
    {
        foreach (var name in query.Keys)
        {
            if (name.StartsWith("x-amz-server-side-encryption", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("x-amz-copy-source-server-side-encryption", StringComparison.OrdinalIgnoreCase))
            {
                throw new S3Exception(
                    S3Error.NotImplemented,
                    $"Coffer does not implement encryption settings in the query string yet: send {name} as a header (and sign it); nothing was stored or changed.",
                    [new("Parameter", name)]);
            }
        }
    }

    /// <summary>
    /// A read names no SSE-S3 or SSE-KMS encryption (the object's own is used, and S3 answers it); S3 refuses such
    /// headers on GET and HEAD with 400 rather than ignoring them, so a client that thinks it chooses the key learns
    /// that it does not.
    /// </summary>
    private static void RefuseWriteEncryptionOnRead(IHeaderDictionary headers)
    {
        foreach (var name in (string[])[Encryption.ServerSideEncryptionHeader.Name, Encryption.ServerSideEncryptionHeader.KmsKeyIdName, Encryption.ServerSideEncryptionHeader.ContextName])
        {
            if (headers.TryGetValue(name, out var value))
            {
                throw new S3Exception(
                    S3Error.InvalidArgument,
                    $"The {name} header is not supported for this operation.",
                    [new("ArgumentName", name), new("ArgumentValue", value.ToString())]);
            }
        }
    }
}

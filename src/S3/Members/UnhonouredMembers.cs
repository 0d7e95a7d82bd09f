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
}

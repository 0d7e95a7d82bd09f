using System.Text.Json;

using Coffer.Access.Policies;
using Coffer.Access.Principals;

namespace Coffer.Access.Parsing;

/// <summary>Reads Principal and NotPrincipal: <c>"*"</c>, or an object of <c>AWS</c>,
/// <c>CanonicalUser</c>, <c>Service</c> and <c>Federated</c> lists.</summary>
internal static class PrincipalReader
{
    private const string Everyone = "*";
    private static readonly HashSet<string> Kinds = ["AWS", "CanonicalUser", "Service", "Federated"];
    private static readonly string[] NonAwsKinds = ["CanonicalUser", "Service", "Federated"];

    public static PrincipalElement Read(JsonElement value, bool isNot, Func<string, MalformedPolicyException> fail)
    {
        var name = isNot ? "NotPrincipal" : "Principal";
        Func<string, MalformedPolicyException> invalid = detail => fail($"Invalid principal in policy: {detail}");
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString() == Everyone
                ? new PrincipalElement(isNot, isEveryone: true, [], [], [], [])
                : throw invalid($"a {name} string must be \"*\"; name others as {{\"AWS\": \"...\"}}");
        }

        var fields = JsonFields.Read(value, name, Kinds, invalid);
        if (fields.Count == 0)
        {
            throw invalid($"{name} names no one");
        }

        string[] List(string kind) => fields.TryGetValue(kind, out var list) ? JsonFields.StringList(list, $"{name}.{kind}", invalid) : [];

        var aws = List("AWS");
        foreach (var entry in aws)
        {
            CheckAws(entry, invalid);
        }

        var others = NonAwsKinds.ToDictionary(kind => kind, List);
        foreach (var entry in others.Values.SelectMany(list => list))
        {
            if (entry.Length == 0 || (entry != Everyone && entry.AsSpan().ContainsAny('*', '?')))
            {
                throw invalid($"\"{entry}\" is not a principal");
            }
        }

        return new PrincipalElement(
            isNot,
            isEveryone: aws.Contains(Everyone),
            aws.Where(entry => entry != Everyone),
            others["CanonicalUser"],
            others["Service"],
            others["Federated"]);
    }

    /// <summary>
    /// <c>*</c>, a 12-digit account id, or an IAM or STS ARN. Wildcards inside an ARN are refused,
    /// as AWS refuses them: a Principal names principals, it does not pattern-match them.
    /// </summary>
    private static void CheckAws(string entry, Func<string, MalformedPolicyException> invalid)
    {
        if (entry == Everyone || PrincipalElement.IsAccountId(entry))
        {
            return;
        }

        var parts = entry.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn" || parts[2] is not ("iam" or "sts") || !PrincipalElement.IsAccountId(parts[4]) || parts[5].Length == 0)
        {
            throw invalid($"\"{entry}\" is neither \"*\", an account id nor an IAM ARN");
        }

        if (entry.AsSpan().ContainsAny('*', '?'))
        {
            throw invalid($"\"{entry}\" has a wildcard; only \"*\" alone may stand for everyone");
        }
    }
}

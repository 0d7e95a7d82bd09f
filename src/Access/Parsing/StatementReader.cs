using System.Text.Json;

using Coffer.Access.Conditions;
using Coffer.Access.Matching;
using Coffer.Access.Policies;
using Coffer.Access.Variables;

namespace Coffer.Access.Parsing;

/// <summary>Reads one statement. Checks here hold for every kind of policy; what only identity or
/// only bucket policies require is in <see cref="PolicyKindRules"/>.</summary>
internal static class StatementReader
{
    private static readonly HashSet<string> Fields =
        ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"];

    public static Statement Read(JsonElement element, int index, PolicyLanguageVersion version)
    {
        var fail = StatementFailure(index, SidOf(element));
        var fields = JsonFields.Read(element, "a statement", Fields, fail);
        var sid = JsonFields.OptionalString(fields, "Sid", fail);
        var effect = JsonFields.OptionalString(fields, "Effect", fail) switch
        {
            null => throw fail("Missing required field Effect"),
            "Allow" => Effect.Allow,
            "Deny" => Effect.Deny,
            var other => throw fail($"Invalid effect \"{other}\"; use \"Allow\" or \"Deny\""),
        };

        var principal = JsonFields.EitherOf(fields, "Principal", fail) is { } p
            ? PrincipalReader.Read(p.Value, p.IsNot, fail)
            : null;

        var (actionValue, isNotAction) = JsonFields.EitherOf(fields, "Action", fail)
            ?? throw fail("Missing required field Action (or NotAction)");
        var actions = new ActionElement(ReadActions(actionValue, isNotAction, fail), isNotAction);

        var resources = JsonFields.EitherOf(fields, "Resource", fail) is { } r
            ? new ResourceElement(ReadResources(r.Value, r.IsNot, version, fail), r.IsNot)
            : null;

        var conditions = fields.TryGetValue("Condition", out var condition)
            ? ConditionReader.Read(condition, version, fail)
            : ConditionBlock.Empty;

        return new Statement(sid, effect, principal, actions, resources, conditions);
    }

    /// <summary>How a statement is named in messages: its position, and its Sid when it has one.</summary>
    public static Func<string, MalformedPolicyException> StatementFailure(int index, string? sid)
    {
        var where = sid is { Length: > 0 } ? $"Statement {index + 1} (Sid \"{sid}\")" : $"Statement {index + 1}";
        return message => new MalformedPolicyException($"{where}: {message}");
    }

    // Read ahead of the other fields so that every message about the statement can name it.
    private static string? SidOf(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty("Sid", out var sid)
        && sid.ValueKind == JsonValueKind.String
            ? sid.GetString()
            : null;

    private static ActionPattern[] ReadActions(JsonElement value, bool isNot, Func<string, MalformedPolicyException> fail)
    {
        var name = isNot ? "NotAction" : "Action";
        return [.. JsonFields.StringList(value, name, fail).Select(action => action == "*" || VendorPrefix.IsPresent(action)
            ? new ActionPattern(action)
            : throw fail($"{name} \"{action}\" must be prefaced by a vendor, as in \"s3:GetObject\""))];
    }

    private static ResourcePattern[] ReadResources(JsonElement value, bool isNot, PolicyLanguageVersion version, Func<string, MalformedPolicyException> fail)
    {
        var name = isNot ? "NotResource" : "Resource";
        return [.. JsonFields.StringList(value, name, fail).Select(resource => IsArnOrStar(resource)
            ? new ResourcePattern(ValueTemplate.Parse(resource, version))
            : throw fail($"{name} \"{resource}\" must be in ARN format (arn:partition:service:region:account:resource) or \"*\""))];
    }

    private static bool IsArnOrStar(string resource) =>
        resource == "*" || (resource.StartsWith("arn:", StringComparison.Ordinal) && resource.Count(c => c == ':') >= 5);
}

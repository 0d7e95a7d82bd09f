using System.Text.Json;

using Coffer.Access.Policies;

namespace Coffer.Access.Parsing;

/// <summary>Reads a whole policy document: Version, Id and the statements.</summary>
internal static class DocumentReader
{
    private static readonly HashSet<string> Fields = ["Version", "Id", "Statement"];

    public static PolicyDocument Read(string json)
    {
        using var document = ParseJson(json);
        static MalformedPolicyException Fail(string message) => new(message);

        var fields = JsonFields.Read(document.RootElement, "the policy", Fields, Fail);
        var version = JsonFields.OptionalString(fields, "Version", Fail) switch
        {
            // Without a Version, AWS reads the document as 2008-10-17, where ${...} is plain text.
            null or "2008-10-17" => PolicyLanguageVersion.Version20081017,
            "2012-10-17" => PolicyLanguageVersion.Version20121017,
            var other => throw Fail($"The policy must contain a valid version string (\"2012-10-17\" or \"2008-10-17\"), not \"{other}\""),
        };
        var id = JsonFields.OptionalString(fields, "Id", Fail);

        if (!fields.TryGetValue("Statement", out var statementElement))
        {
            throw Fail("Missing required field Statement");
        }

        var statements = StatementElements(statementElement)
            .Select((element, index) => StatementReader.Read(element, index, version))
            .ToArray();
        CheckUniqueSids(statements);
        return new PolicyDocument(version, id, statements);
    }

    private static JsonDocument ParseJson(string json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new MalformedPolicyException($"Policies must be valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Statement may be one object or an array of them.</summary>
    private static JsonElement[] StatementElements(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => [element],
        JsonValueKind.Array when element.GetArrayLength() == 0 => throw new MalformedPolicyException("Statement must not be an empty array"),
        JsonValueKind.Array => [.. element.EnumerateArray()],
        _ => throw new MalformedPolicyException("Statement must be an object or an array of objects"),
    };

    private static void CheckUniqueSids(Statement[] statements)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sid in statements.Select(s => s.Sid).OfType<string>().Where(sid => sid.Length > 0))
        {
            if (!seen.Add(sid))
            {
                throw new MalformedPolicyException($"Statement ids (Sid) must be unique within a policy; \"{sid}\" is used more than once");
            }
        }
    }
}

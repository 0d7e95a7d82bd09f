using System.Text.Json;

namespace Coffer.Iam.Kms;

/// <summary>
/// The JSON body of one KMS request, read the way KMS reads it: members by exact name, each of the type its
/// operation declares. A member of the wrong type is a SerializationException, as from KMS; a missing required
/// member or a value out of range is a ValidationException.
/// </summary>
internal sealed class KmsRequest
{
    private readonly JsonElement _root;

    private KmsRequest(JsonElement root) => _root = root;

    /// <exception cref="KmsException">Not a JSON object.</exception>
    public static KmsRequest Parse(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            return new KmsRequest(JsonDocument.Parse("{}").RootElement);
        }

        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw KmsException.Serialization("The request body must be a JSON object.");
            }

            var request = new KmsRequest(document.RootElement.Clone());
            request.CheckBlobs();
            return request;
        }
        catch (JsonException)
        {
            throw KmsException.Serialization("The request body is not valid JSON.");
        }
    }

    /// <summary>
    /// KMS's blob members, base64 in JSON: a bad one is a SerializationException before anything else happens (before
    /// the key is looked up or the caller authorized), as KMS deserializes the whole request first.
    /// </summary>
    private void CheckBlobs()
    {
        foreach (var name in (string[])["Plaintext", "CiphertextBlob"])
        {
            Blob(name);
        }
    }

    public string? String(string name) => Member(name, JsonValueKind.String)?.GetString();

    public string RequiredString(string name) =>
        String(name) ?? throw KmsException.Validation($"1 validation error detected: Value null at '{CamelCase(name)}' failed to satisfy constraint: Member must not be null");

    public int? Integer(string name)
    {
        if (Member(name, JsonValueKind.Number) is not { } value)
        {
            return null;
        }

        return value.TryGetInt32(out var number) ? number : throw KmsException.Serialization($"{name} must be an integer.");
    }

    public bool? Boolean(string name)
    {
        if (!_root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw KmsException.Serialization($"{name} must be a boolean."),
        };
    }

    /// <summary>A blob member: base64 in JSON.</summary>
    public byte[]? Blob(string name)
    {
        if (String(name) is not { } text)
        {
            return null;
        }

        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw KmsException.Serialization($"{name} is not valid base64.");
        }
    }

    public byte[] RequiredBlob(string name) =>
        Blob(name) ?? throw KmsException.Validation($"1 validation error detected: Value null at '{CamelCase(name)}' failed to satisfy constraint: Member must not be null");

    /// <summary>A map of strings to strings, such as EncryptionContext; null when absent.</summary>
    public IReadOnlyDictionary<string, string>? StringMap(string name)
    {
        if (Member(name, JsonValueKind.Object) is not { } map)
        {
            return null;
        }

        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in map.EnumerateObject())
        {
            pairs[property.Name] = property.Value.ValueKind == JsonValueKind.String
                ? property.Value.GetString()!
                : throw KmsException.Serialization($"The values of {name} must be strings.");
        }

        return pairs;
    }

    /// <summary>Whether the request gives a member this build does not honour, so that it can be refused, not ignored.</summary>
    public bool Has(string name) => _root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    private JsonElement? Member(string name, JsonValueKind kind)
    {
        if (!_root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == kind ? value : throw KmsException.Serialization($"{name} is not of the expected type.");
    }

    private static string CamelCase(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}

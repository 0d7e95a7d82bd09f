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

    /// <summary>
    /// The members KMS declares for the operations Coffer serves, by type. KMS reads the whole body before it looks at
    /// any key or caller, so a member of the wrong type (or a blob that is not base64) is a SerializationException
    /// whatever else the request says. Members of no served operation are left to the operation, which refuses them.
    /// </summary>
    private static readonly (string[] Names, Action<KmsRequest, string> Read)[] Declared =
    [
        (["KeyId", "AliasName", "TargetKeyId", "SourceKeyId", "DestinationKeyId", "Description", "KeySpec", "KeyUsage", "CustomerMasterKeySpec",
          "Origin", "Marker", "EncryptionAlgorithm", "SourceEncryptionAlgorithm", "DestinationEncryptionAlgorithm"], (r, n) => r.String(n)),
        (["Plaintext", "CiphertextBlob"], (r, n) => r.Blob(n)),
        (["EncryptionContext", "SourceEncryptionContext", "DestinationEncryptionContext"], (r, n) => r.StringMap(n)),
        (["NumberOfBytes", "PendingWindowInDays", "RotationPeriodInDays", "Limit"], (r, n) => r.Integer(n)),
        (["DryRun", "MultiRegion"], (r, n) => r.Boolean(n)),
        (["GrantTokens"], (r, n) => r.StringList(n)),
    ];

    /// <exception cref="KmsException">Not a JSON object, not UTF-8, or a declared member of the wrong type.</exception>
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

            ReadAllText(document.RootElement);
            var request = new KmsRequest(document.RootElement.Clone());
            foreach (var (names, read) in Declared)
            {
                foreach (var name in names)
                {
                    read(request, name);
                }
            }

            return request;
        }
        catch (JsonException)
        {
            throw KmsException.Serialization("The request body is not valid JSON.");
        }
        catch (InvalidOperationException)
        {
            throw KmsException.Serialization("The request body is not valid UTF-8: a string holds bytes, or an escaped surrogate, that make no character.");
        }
    }

    /// <summary>
    /// Reads every member name and string once. System.Text.Json checks their UTF-8, and the surrogates their escapes
    /// make, only when they are read, and then throws InvalidOperationException; read here, that is a
    /// SerializationException before any operation sees the request, rather than a 500 from deep inside one.
    /// </summary>
    private static void ReadAllText(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var member in element.EnumerateObject())
                {
                    _ = member.Name;
                    ReadAllText(member.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    ReadAllText(item);
                }

                break;
            case JsonValueKind.String:
                _ = element.GetString();
                break;
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

    /// <summary>A list of strings, such as GrantTokens; null when absent.</summary>
    public IReadOnlyList<string>? StringList(string name)
    {
        if (Member(name, JsonValueKind.Array) is not { } list)
        {
            return null;
        }

        return [.. list.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.String
            ? item.GetString()!
            : throw KmsException.Serialization($"The members of {name} must be strings."))];
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

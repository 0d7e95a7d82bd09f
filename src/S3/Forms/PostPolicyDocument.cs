using System.Globalization;
using System.Text;
using System.Text.Json;

using Coffer.S3.Errors;

namespace Coffer.S3.Forms;

/// <summary>
/// A POST policy as the form carries it: base64 of a JSON document with <c>expiration</c> and
/// <c>conditions</c> (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html).
/// Parsing only: <see cref="PostPolicyCheck"/> judges a form against it.
/// </summary>
public sealed record PostPolicyDocument(DateTimeOffset Expiration, IReadOnlyList<PostPolicyCondition> Conditions)
{
    // AWS's own example policy ends its condition list with a comma, so trailing commas are allowed.
    private static readonly JsonDocumentOptions JsonOptions = new() { AllowTrailingCommas = true, MaxDepth = 8 };

    // ISO 8601 in UTC, with or without fractions of a second, as the examples and SDKs write it.
    private static readonly string[] ExpirationFormats = ["yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"];

    /// <exception cref="S3Exception">400 InvalidPolicyDocument, naming what is wrong.</exception>
    public static PostPolicyDocument Parse(string base64)
    {
        var json = DecodeBase64(base64);
        try
        {
            using var document = JsonDocument.Parse(json, JsonOptions);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("Invalid JSON.");
            }

            // Member names are case-sensitive: "EXPIRATION" is not the expiration.
            if (!root.TryGetProperty("expiration", out var expiration))
            {
                throw Invalid("Policy missing expiration.");
            }

            if (!root.TryGetProperty("conditions", out var conditions))
            {
                throw Invalid("Policy missing conditions.");
            }

            if (conditions.ValueKind != JsonValueKind.Array)
            {
                throw Invalid("Conditions must be an array.");
            }

            return new PostPolicyDocument(ParseExpiration(expiration), [.. conditions.EnumerateArray().Select(ParseCondition)]);
        }
        catch (JsonException)
        {
            throw Invalid("Invalid JSON.");
        }
    }

    private static string DecodeBase64(string base64)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(base64.Trim()));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            throw Invalid("Policy is not base64-encoded UTF-8.");
        }
    }

    private static DateTimeOffset ParseExpiration(JsonElement element)
    {
        var text = element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();
        return DateTimeOffset.TryParseExact(text, ExpirationFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : throw Invalid($"Invalid 'expiration' value: '{text}'");
    }

    private static PostPolicyCondition ParseCondition(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                // {"field": "value"}: exactly one member.
                var members = element.EnumerateObject().ToList();
                if (members.Count != 1)
                {
                    throw Invalid("Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.");
                }

                return new PostPolicyCondition(PostPolicyMatch.Exact, members[0].Name, ScalarText(members[0].Value));
            case JsonValueKind.Array:
                return ParseOperation([.. element.EnumerateArray()]);
            default:
                throw Invalid("Invalid Condition: conditions must be objects or arrays.");
        }
    }

    private static PostPolicyCondition ParseOperation(List<JsonElement> items)
    {
        var operation = items.Count > 0 && items[0].ValueKind == JsonValueKind.String ? items[0].GetString()! : "";
        if (operation.Equals("content-length-range", StringComparison.OrdinalIgnoreCase))
        {
            if (items.Count != 3 || !TryLength(items[1], out var min) || !TryLength(items[2], out var max))
            {
                throw Invalid("Invalid content-length-range: expecting [\"content-length-range\", min, max] with non-negative integers.");
            }

            return new PostPolicyCondition(PostPolicyMatch.ContentLengthRange, "", "", min, max);
        }

        var match = operation.ToLowerInvariant() switch
        {
            "eq" => PostPolicyMatch.Exact,
            "starts-with" => PostPolicyMatch.StartsWith,
            _ => throw Invalid($"Invalid Condition: unknown operation '{operation}'."),
        };
        if (items.Count != 3 || items[1].ValueKind != JsonValueKind.String || !items[1].GetString()!.StartsWith('$'))
        {
            throw Invalid($"Invalid Condition: expecting [\"{operation}\", \"$field\", \"value\"].");
        }

        return new PostPolicyCondition(match, items[1].GetString()![1..], ScalarText(items[2]));
    }

    /// <summary>A value given as a string, or as a bare number or boolean (written as it appears).</summary>
    private static string ScalarText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => throw Invalid("Invalid Condition: values must be strings."),
    };

    /// <summary>A size as a JSON number or a numeric string (some SDKs write "1048576").</summary>
    private static bool TryLength(JsonElement value, out long length)
    {
        length = 0;
        return value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetInt64(out length) && length >= 0,
            JsonValueKind.String => long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out length),
            _ => false,
        };
    }

    private static S3Exception Invalid(string reason) => new(S3Error.InvalidPolicyDocument, "Invalid Policy: " + reason);
}

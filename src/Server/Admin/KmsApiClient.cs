using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Server.Admin;

/// <summary>
/// Calls the key service on a Coffer endpoint as the aws CLI calls KMS: the JSON 1.1 protocol, a POST to "/" with
/// <c>X-Amz-Target: TrentService.Operation</c>, signed for the service <c>kms</c>.
/// </summary>
public sealed class KmsApiClient(HttpClient http, Uri endpoint, RootPostSigner signer)
{
    private const string Service = "kms";

    private const string ContentType = "application/x-amz-json-1.1";

    /// <summary>The operation's answer, a JSON object.</summary>
    /// <exception cref="ApiErrorException">KMS answered with an error: its type (such as NotFoundException) and message.</exception>
    public async Task<JsonObject> CallAsync(string operation, JsonObject parameters, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(parameters.ToJsonString());
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
        signer.Sign(request, Service, body, [("X-Amz-Target", "TrentService." + operation)]);

        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonObject? answer;
        try
        {
            answer = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            answer = null;
        }

        if (answer is null)
        {
            throw new ApiErrorException(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), $"The endpoint did not answer like {Service}: {text[..Math.Min(200, text.Length)]}");
        }

        if (!response.IsSuccessStatusCode)
        {
            // AWS may qualify the type ("com.amazonaws.kms#NotFoundException"); the name is what follows '#'.
            var type = Text(answer, "__type") ?? "Unknown";
            throw new ApiErrorException(type[(type.LastIndexOf('#') + 1)..], Text(answer, "message") ?? Text(answer, "Message") ?? "");
        }

        return answer;
    }

    /// <summary>A string member of a KMS answer, or null.</summary>
    public static string? Text(JsonObject json, string member) =>
        json[member] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}

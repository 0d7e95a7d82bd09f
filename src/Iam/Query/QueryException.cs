namespace Coffer.Iam.Query;

/// <summary>
/// A refusal in the Query protocol's terms: an error code, the HTTP status it is sent with, and a
/// message for the client. Services built on the Query protocol (IAM, STS) throw it, and
/// <see cref="QueryErrorWriter"/> writes it once.
/// </summary>
public sealed class QueryException(string code, int statusCode, string message) : Exception(message)
{
    public string Code { get; } = code;

    public int StatusCode { get; } = statusCode;

    /// <summary>Who is at fault, as the error document's Type says: Sender for 4xx, Receiver for 5xx.</summary>
    public string FaultType => StatusCode >= 500 ? "Receiver" : "Sender";

    public static QueryException MissingParameter(string name) =>
        new("MissingParameter", 400, $"The request must contain the parameter {name}");

    public static QueryException InvalidAction(string action, string version) =>
        new("InvalidAction", 400, $"Could not find operation {action} for version {version}");

    public static QueryException ValidationError(string message) => new("ValidationError", 400, message);

    public static QueryException AccessDenied(string message) => new("AccessDenied", 403, message);
}

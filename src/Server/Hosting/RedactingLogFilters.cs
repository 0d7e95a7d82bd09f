namespace Coffer.Server.Hosting;

/// <summary>
/// Silences the framework log categories that write request targets, whatever level the operator (or a
/// Logging section in the configuration) asks for. A presigned URL's query holds its signature and, for
/// temporary credentials, the session token: either lets whoever reads the log replay the request until
/// it expires. Coffer's own request log names the operation, the status and the request id instead.
/// </summary>
public static class RedactingLogFilters
{
    // Category names of ASP.NET Core and Kestrel. Each filter added here is the most specific rule for its
    // category and the last registered, so it wins over configuration and the host's defaults.
    private static readonly string[] CategoriesThatLogRequestTargets =
    [
        "Microsoft.AspNetCore.Hosting.Diagnostics", // "Request starting GET http://host/bucket/key?X-Amz-Signature=..."
    ];

    public static void Apply(ILoggingBuilder logging)
    {
        foreach (var category in CategoriesThatLogRequestTargets)
        {
            logging.AddFilter(category, LogLevel.Warning);
        }
    }
}

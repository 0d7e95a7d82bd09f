using Coffer.S3.Errors;

namespace Coffer.S3.Operations;

/// <summary>The <c>id</c> query parameter that names one Intelligent-Tiering configuration of a bucket.</summary>
internal static class IntelligentTieringId
{
    /// <summary>The id; InvalidArgument when the request names none (Put, Delete and Get need one).</summary>
    public static string Of(S3Request request) =>
        request.Query("id") is { Length: > 0 } id
            ? id
            : throw new S3Exception(S3Error.InvalidArgument, "The id parameter is required", [new("ArgumentName", "id")]);
}

using System.Globalization;

using Coffer.S3.Errors;
using Coffer.S3.Http;

namespace Coffer.S3.Operations;

/// <summary>The query parameters every listing shares: prefix, delimiter, max-keys, encoding-type.</summary>
internal sealed record ListingParameters(string Prefix, string? Delimiter, int MaxKeys, bool UrlEncode)
{
    /// <summary>x-amz-optional-object-attributes: RestoreStatus asks for each archived object's restore.</summary>
    public bool WithRestoreStatus { get; init; }

    public const int MaxPage = 1000;

    /// <param name="maxName">The query parameter that caps the page: max-keys, or max-uploads for ListMultipartUploads.</param>
    public static ListingParameters Read(S3Request request, string maxName = "max-keys")
    {
        var maxKeys = Max(request, maxName);
        var encoding = request.Query("encoding-type");
        if (encoding is not null && !encoding.Equals("url", StringComparison.OrdinalIgnoreCase))
        {
            throw new S3Exception(S3Error.InvalidArgument, "Invalid Encoding Method specified in Request");
        }

        return new ListingParameters(request.Query("prefix") ?? "", NullIfEmpty(request.Query("delimiter")), maxKeys, encoding is not null)
        {
            WithRestoreStatus = OptionalAttributes(request.HttpRequest.Headers["x-amz-optional-object-attributes"]),
        };
    }

    /// <summary>
    /// A page size from the query (max-keys, max-uploads, max-parts): at most <see cref="MaxPage"/>,
    /// which is also the default.
    /// </summary>
    public static int Max(S3Request request, string name) => Max(request.Query(name), name);

    /// <summary>A page size as given in <paramref name="text"/> (a query parameter or a header named <paramref name="name"/>).</summary>
    public static int Max(string? text, string name)
    {
        if (text is null)
        {
            return MaxPage;
        }

        // Past int's range is refused, as S3's own message says ("within integer range"), not read as "as many as you give".
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var max)
            ? Math.Min(max, MaxPage)
            : throw new S3Exception(S3Error.InvalidArgument, $"Provided {name} not an integer or within integer range");
    }

    /// <summary>A key, prefix or marker as the response carries it: URL-encoded when the client asked.</summary>
    public string Out(string value) => UrlEncode ? UriEncoding.EncodeText(value, keepSlash: true) : value;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>True when the header asks for RestoreStatus, its one value; anything else is S3's InvalidArgument.</summary>
    private static bool OptionalAttributes(Microsoft.Extensions.Primitives.StringValues values)
    {
        var asked = false;
        foreach (var value in values)
        {
            foreach (var name in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                asked = name == "RestoreStatus"
                    ? true
                    : throw new S3Exception(S3Error.InvalidArgument, "Invalid attribute name specified.", [new("ArgumentName", "x-amz-optional-object-attributes"), new("ArgumentValue", name)]);
            }
        }

        return asked;
    }
}

using System.Globalization;
using System.Xml.Linq;

using Coffer.S3.Errors;
using Coffer.S3.Xml;

namespace Coffer.S3.Cors;

/// <summary>
/// Reads the CORSConfiguration document of PutBucketCors and checks it as S3 does: first the
/// shape of the whole document (MalformedXML), then the values rule by rule (InvalidRequest naming
/// the first bad one). Element names are exact; namespaces are ignored, as elsewhere.
/// See https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketCors.html
/// </summary>
public static class CorsConfigurationReader
{
    public static CorsConfiguration Read(ReadOnlySpan<byte> body)
    {
        if (body.Length > CorsConfiguration.MaxDocumentBytes)
        {
            throw new S3Exception(S3Error.MalformedXML, "The XML you provided was larger than the maximum allowed size.");
        }

        // 1. The shape: a CORSConfiguration of 1 to 100 CORSRule elements, and nothing else.
        var root = XmlRequestReader.Parse(body);
        if (root is null || root.Name.LocalName != "CORSConfiguration" || HasText(root))
        {
            throw Malformed();
        }

        var rules = new List<CorsRule>();
        foreach (var element in root.Elements())
        {
            rules.Add(element.Name.LocalName == "CORSRule" ? ReadRule(element) : throw Malformed());
        }

        if (rules.Count is 0 or > CorsConfiguration.MaxRules)
        {
            throw Malformed();
        }

        // 2. The values, only once the whole document has its shape.
        foreach (var rule in rules)
        {
            Validate(rule);
        }

        return new CorsConfiguration(rules);
    }

    private static CorsRule ReadRule(XElement rule)
    {
        if (HasText(rule))
        {
            throw Malformed();
        }

        string? id = null;
        int? maxAgeSeconds = null;
        List<string> origins = [], methods = [], headers = [], exposeHeaders = [];
        foreach (var element in rule.Elements())
        {
            var value = ValueOf(element);
            switch (element.Name.LocalName)
            {
                case "ID":
                    id = id is null && value.Length <= CorsConfiguration.MaxIdLength ? value : throw Malformed();
                    break;
                case "AllowedOrigin":
                    origins.Add(value);
                    break;
                case "AllowedMethod":
                    methods.Add(value);
                    break;
                case "AllowedHeader":
                    headers.Add(value);
                    break;
                case "ExposeHeader":
                    exposeHeaders.Add(value);
                    break;
                case "MaxAgeSeconds":
                    maxAgeSeconds = maxAgeSeconds is null ? Seconds(value) : throw Malformed();
                    break;
                default:
                    throw Malformed();
            }
        }

        if (origins.Count == 0 || methods.Count == 0)
        {
            throw Malformed();
        }

        return new CorsRule
        {
            Id = id,
            AllowedOrigins = origins,
            AllowedMethods = methods,
            AllowedHeaders = headers,
            ExposeHeaders = exposeHeaders,
            MaxAgeSeconds = maxAgeSeconds,
        };
    }

    /// <summary>In this order within a rule: methods, origins, allowed headers, exposed headers.</summary>
    private static void Validate(CorsRule rule)
    {
        foreach (var method in rule.AllowedMethods)
        {
            if (!CorsConfiguration.Methods.Contains(method))
            {
                throw Invalid($"Found unsupported HTTP method in CORS config. Unsupported method is {method}");
            }
        }

        foreach (var origin in rule.AllowedOrigins)
        {
            if (WildcardPattern.Count(origin) > 1)
            {
                throw Invalid($"AllowedOrigin \"{origin}\" can not have more than one wildcard.");
            }
        }

        foreach (var header in rule.AllowedHeaders)
        {
            if (WildcardPattern.Count(header) > 1)
            {
                throw Invalid($"AllowedHeader \"{header}\" can not have more than one wildcard.");
            }
        }

        foreach (var header in rule.ExposeHeaders)
        {
            if (WildcardPattern.Count(header) > 0)
            {
                throw Invalid($"ExposeHeader \"{header}\" contains wildcard. We currently do not support wildcard for ExposeHeader.");
            }
        }
    }

    /// <summary>A value is text only, kept as sent: S3 neither trims nor changes its case.</summary>
    private static string ValueOf(XElement element) => element.HasElements ? throw Malformed() : element.Value;

    /// <summary>Digits only (leading zeros allowed), within a signed 32-bit integer.</summary>
    private static int Seconds(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : throw Malformed();

    /// <summary>Text beside child elements (not the whitespace that indents them) breaks the schema.</summary>
    private static bool HasText(XElement element) =>
        element.Nodes().OfType<XText>().Any(text => !string.IsNullOrWhiteSpace(text.Value));

    private static S3Exception Malformed() => new(S3Error.MalformedXML);

    private static S3Exception Invalid(string message) => new(S3Error.InvalidRequest, message);
}

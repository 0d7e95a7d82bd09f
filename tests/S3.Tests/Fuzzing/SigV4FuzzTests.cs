using System.Text;

using Coffer.S3.Auth;
using Coffer.S3.Errors;
using Coffer.S3.Http;
using Coffer.S3.Tests.Auth;
using Coffer.TestKit;

using FsCheck;
using FsCheck.Fluent;

using Xunit.Abstractions;

using static Coffer.S3.Tests.Auth.AuthTestKit;

namespace Coffer.S3.Tests.Fuzzing;

/// <summary>
/// SigV4 over generated requests: awkward keys spelled in every way clients escape them, query
/// parameters with and without values, repeated and space-padded headers. The production
/// canonicalization must equal <see cref="SigV4Reference"/>, a request signed by the reference must
/// verify, a request changed after signing must verify only if it means the same thing, and no
/// input may raise anything but an S3 error.
/// </summary>
[Trait("Category", "Fuzz")]
public class SigV4FuzzTests(ITestOutputHelper output)
{
    private static readonly Gen<SignedCase> Requests =
        from method in Gen.Elements("GET", "PUT", "HEAD", "DELETE", "POST")
        from key in FuzzInputs.AwkwardText
        from path in RawSpelling(key, escapeAlways: "?#")
        from query in RawQuery
        from headers in Gen.Choose(0, 4).SelectMany(count => Gen.ArrayOf(MetaHeader, count))
            .Select(headers => headers.DistinctBy(h => h.Name.ToLowerInvariant()).ToArray())
        select new SignedCase(method, "/bucket/" + path, query, headers);

    [Fact]
    public void Canonicalization_OfGeneratedTargets_EqualsTheReference()
    {
        FuzzBudget.Run("sigv4-canonical", Arb.From(Requests), Check, output.WriteLine);

        static void Check(SignedCase c)
        {
            Assert.Equal(SigV4Reference.CanonicalUri(c.RawPath), UriEncoding.CanonicalPath(c.RawPath));
            Assert.Equal(SigV4Reference.CanonicalQuery(c.RawQuery), QueryParameters.Parse(c.RawQuery).ToCanonical(excluded: null));
        }
    }

    [Fact]
    public void Authenticate_OfRequestsSignedByTheReference_Verifies()
    {
        FuzzBudget.Run("sigv4-verify", Arb.From(Requests), Check, output.WriteLine);

        static void Check(SignedCase c)
        {
            try
            {
                var result = Authenticator(ExampleTime).AuthenticateAsync(c.ToContext(), CancellationToken.None).GetAwaiter().GetResult();
                Assert.Equal(AccessKeyId, result.AccessKeyId);
            }
            catch (S3Exception e) when (e.Error == S3Error.SignatureDoesNotMatch)
            {
                // Both canonical requests, so that the line that differs is in the report.
                Assert.Equal(c.ReferenceCanonicalRequest(), Detail(e, "CanonicalRequest"));
                throw;
            }
        }
    }

    [Fact]
    public void Authenticate_OfTargetsChangedAfterSigning_VerifiesOnlyWhenTheMeaningIsUnchanged()
    {
        var cases =
            from request in Requests
            from target in FuzzInputs.Mutated(Encoding.UTF8.GetBytes(request.RawTarget))
            select (request, Encoding.UTF8.GetString(target));

        FuzzBudget.Run("sigv4-tamper", Arb.From(cases), Check, output.WriteLine);

        static void Check((SignedCase Request, string Target) c)
        {
            var context = c.Request.ToContext(c.Target);
            try
            {
                Authenticator(ExampleTime).AuthenticateAsync(context, CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (S3Exception)
            {
                return;
            }

            var (path, query) = SplitTarget(c.Target);
            Assert.Equal(SigV4Reference.CanonicalUri(c.Request.RawPath), SigV4Reference.CanonicalUri(path));
            Assert.Equal(SigV4Reference.CanonicalQuery(c.Request.RawQuery), SigV4Reference.CanonicalQuery(query));
        }
    }

    [Fact]
    public void Authenticate_OfMutatedSignatureParts_RaisesOnlyS3Errors()
    {
        var cases =
            from request in Requests
            from presigned in Gen.Elements(false, true)
            from part in Gen.Elements(SignaturePart.Authorization, SignaturePart.Date, SignaturePart.ContentSha256, SignaturePart.Target)
            from mutation in FuzzInputs.Mutated(Encoding.UTF8.GetBytes(request.Part(part, presigned)))
            select new MutatedCase(request, presigned, part, Encoding.UTF8.GetString(mutation));

        FuzzBudget.Run("sigv4-garbage", Arb.From(cases), Check, output.WriteLine);

        static void Check(MutatedCase c)
        {
            try
            {
                Authenticator(ExampleTime).AuthenticateAsync(c.ToContext(), CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (S3Exception)
            {
                // The declared failure: the client gets an S3 error document.
            }
        }
    }

    private enum SignaturePart
    {
        Authorization,
        Date,
        ContentSha256,
        Target,
    }

    private static Gen<string> RawQuery { get; } =
        Gen.Choose(0, 4).SelectMany(count => Gen.ArrayOf(
            from name in FuzzInputs.AwkwardText
            from rawName in RawSpelling(name, escapeAlways: "?#&=")
            from hasValue in Gen.Elements(true, true, false)
            from value in FuzzInputs.AwkwardText
            from rawValue in RawSpelling(value, escapeAlways: "?#&")
            select hasValue ? rawName + "=" + rawValue : rawName,
            count))
        .Select(pairs => string.Join('&', pairs.Where(pair => !pair.StartsWith("X-Amz-", StringComparison.OrdinalIgnoreCase))));

    private static Gen<(string Name, string[] Values)> MetaHeader { get; } =
        from name in Gen.Choose(1, 10).SelectMany(n => Gen.ArrayOf(Gen.Elements("abcxyz0129-".ToCharArray()), n))
        from upper in Gen.Elements(false, true)
        from values in Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(HeaderValue, n))
        select ((upper ? "X-Amz-Meta-" : "x-amz-meta-") + new string(name), values.Length == 1 ? values : [.. values.Select(NotBlank)]);

    // ASP.NET's header dictionary drops an empty value from a repeated header (Kestrel never makes
    // one), which would make the request differ from the one signed: only a lone value may be blank,
    // and each name (in any case) is one header.
    private static string NotBlank(string value) => value.Trim().Length == 0 ? value + "x" : value;

    /// <summary>Printable ASCII, with runs of spaces inside and at either end.</summary>
    private static Gen<string> HeaderValue { get; } =
        Gen.Choose(0, 12).SelectMany(n => Gen.ArrayOf(Gen.Frequency((3, Gen.Choose(0x21, 0x7E).Select(c => (char)c)), (1, Gen.Constant(' '))), n))
            .Select(chars => new string(chars));

    /// <summary>A client's spelling of <paramref name="text"/>; <paramref name="escapeAlways"/> (the target's own delimiters) and '%' always escaped.</summary>
    private static Gen<string> RawSpelling(string text, string escapeAlways) =>
        ClientSpelling.Choices(text.Length).Select(choices =>
            ClientSpelling.Spell(text, choices, c => c == '%' || escapeAlways.Contains(c, StringComparison.Ordinal)));

    private static (string Path, string Query) SplitTarget(string target)
    {
        var question = target.IndexOf('?', StringComparison.Ordinal);
        return question < 0 ? (target, "") : (target[..question], target[(question + 1)..]);
    }

    /// <summary>A request and its signature, made with the reference canonicalization.</summary>
    private sealed record SignedCase(string Method, string RawPath, string RawQuery, (string Name, string[] Values)[] MetaHeaders)
    {
        public string RawTarget => RawQuery.Length == 0 ? RawPath : RawPath + "?" + RawQuery;

        public Microsoft.AspNetCore.Http.DefaultHttpContext ToContext(string? rawTarget = null)
        {
            var headers = BaseHeaders().ToList();
            headers.Add(("Authorization", [Authorization()]));
            return Request(Method, rawTarget ?? RawTarget, Flatten(headers));
        }

        /// <summary>The presigned form: the signature in the query, no Authorization header.</summary>
        public string PresignedTarget()
        {
            var query = PresignQuery();
            var signature = Sign(SigningKey(), StringToSign(CanonicalRequest(query, [("host", "s3.test")], PayloadHash.UnsignedPayload)));
            return RawPath + "?" + query + "&X-Amz-Signature=" + signature;
        }

        public string Part(SignaturePart part, bool presigned) => part switch
        {
            SignaturePart.Authorization when !presigned => Authorization(),
            SignaturePart.Date => Timestamp,
            SignaturePart.ContentSha256 => EmptySha256,
            _ => presigned ? PresignedTarget() : RawTarget,
        };

        public string ReferenceCanonicalRequest() => CanonicalRequest(RawQuery, CanonicalHeaders(), EmptySha256);

        public override string ToString() =>
            $"{Method} {RawTarget} headers [{string.Join(", ", MetaHeaders.Select(h => $"{h.Name}: [{string.Join("|", h.Values)}]"))}]";

        public string Authorization()
        {
            var canonicalHeaders = CanonicalHeaders();
            var signature = Sign(SigningKey(), StringToSign(CanonicalRequest(RawQuery, canonicalHeaders, EmptySha256)));
            return $"AWS4-HMAC-SHA256 Credential={AccessKeyId}/{Scope}, SignedHeaders={string.Join(';', canonicalHeaders.Select(h => h.Name))}, Signature={signature}";
        }

        public IEnumerable<(string Name, string[] Values)> BaseHeaders() =>
            [("host", ["s3.test"]), ("x-amz-content-sha256", [EmptySha256]), ("x-amz-date", [Timestamp]), .. MetaHeaders];

        public static List<(string Name, string Value)> Flatten(IEnumerable<(string Name, string[] Values)> headers) =>
            [.. headers.SelectMany(h => h.Values.Select(v => (h.Name, v)))];

        private string PresignQuery()
        {
            var parameters = $"X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential={AccessKeyId}%2F{Scope.Replace("/", "%2F", StringComparison.Ordinal)}"
                + $"&X-Amz-Date={Timestamp}&X-Amz-Expires=86400&X-Amz-SignedHeaders=host";
            return RawQuery.Length == 0 ? parameters : RawQuery + "&" + parameters;
        }

        private List<(string Name, string Value)> CanonicalHeaders() =>
            [.. BaseHeaders()
                .GroupBy(h => h.Name.ToLowerInvariant())
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (g.Key, SigV4Reference.CanonicalHeaderValue(g.SelectMany(h => h.Values))))];

        private string CanonicalRequest(string rawQuery, List<(string Name, string Value)> headers, string payloadHash)
        {
            var lines = string.Concat(headers.Select(h => $"{h.Name}:{h.Value}\n"));
            var signed = string.Join(';', headers.Select(h => h.Name));
            return $"{Method}\n{SigV4Reference.CanonicalUri(RawPath)}\n{SigV4Reference.CanonicalQuery(rawQuery)}\n{lines}\n{signed}\n{payloadHash}";
        }
    }

    private sealed record MutatedCase(SignedCase Request, bool Presigned, SignaturePart Part, string Mutation)
    {
        public Microsoft.AspNetCore.Http.DefaultHttpContext ToContext()
        {
            var headers = SignedCase.Flatten(Request.BaseHeaders());
            headers = [.. headers.Select(h => Part switch
            {
                SignaturePart.Date when h.Name == "x-amz-date" => (h.Name, Mutation),
                SignaturePart.ContentSha256 when h.Name == "x-amz-content-sha256" => (h.Name, Mutation),
                _ => h,
            })];
            if (!Presigned)
            {
                headers.Add(("Authorization", Part == SignaturePart.Authorization ? Mutation : Request.Authorization()));
            }

            var target = Part == SignaturePart.Target ? Mutation : Presigned ? Request.PresignedTarget() : Request.RawTarget;
            return AuthTestKit.Request(Request.Method, target, headers);
        }
    }
}

using System.Reflection;
using System.Reflection.Emit;
using System.Security.Cryptography;

using Coffer.S3.Auth;

namespace Coffer.S3.Tests.Auth;

/// <summary>
/// A signature compared byte by byte with an early exit answers a wrong guess a little sooner the
/// earlier it goes wrong, and that difference can be measured over many requests to forge one byte at
/// a time. These tests read the compiled code: the methods that decide whether a presented signature
/// is right go through <see cref="CryptographicOperations.FixedTimeEquals"/>, and nothing else in the
/// authentication code compares with an early-exit comparison unless it is listed below as comparing
/// something that is not secret.
/// </summary>
public class ConstantTimeComparisonTests
{
    // Each reviewed early-exit comparison in Coffer.S3.Auth: the method it is in, what it calls, and why
    // nothing secret is compared there. A new comparison fails the test until it is reviewed and listed.
    private static readonly Dictionary<string, string> ReviewedComparisons = new()
    {
        ["AwsChunkedStream.ReadTrailersAsync -> String.op_Equality"] = "a trailer's name against x-amz-trailer-signature",
        ["AwsChunkedStream.CanonicalTrailers -> String.CompareOrdinal"] = "sorting trailer names for the canonical trailer",
        ["AwsChunkedStream.ParseChunkHeader -> MemoryExtensions.StartsWith"] = "the chunk extension's name, chunk-signature=",
        ["CredentialScope.CheckDate -> String.StartsWith"] = "the scope's date against X-Amz-Date, both sent in clear",
        ["CredentialScope.Parse -> String.op_Equality"] = "the scope's terminator, aws4_request",
        ["CredentialScope.Parse -> String.op_Inequality"] = "the scope's service and region names",
        ["PayloadHash.Parse -> String.StartsWith"] = "x-amz-content-sha256 against the STREAMING-* names",
        ["PayloadHash.Parse -> String.op_Equality"] = "x-amz-content-sha256 against UNSIGNED-PAYLOAD",
        ["PostPolicySignature.VerifyV4Async -> String.op_Inequality"] = "the algorithm name, AWS4-HMAC-SHA256",
        ["PresentedAccessKey.Of -> String.StartsWith"] = "the Authorization header's scheme, to find the key id it names for a log line",
        ["QueryParameters.ToCanonical -> String.CompareOrdinal"] = "sorting parameter names",
        ["QueryParameters.IndexOf -> String.op_Equality"] = "looking a parameter up by name",
        ["QueryParameters.ToCanonical -> String.op_Equality"] = "leaving X-Amz-Signature out by name",
        ["RequestAuthenticator.AuthenticateAsync -> String.StartsWith"] = "the Authorization header's scheme",
        ["RequestAuthenticator.AuthenticateQueryApiAsync -> String.StartsWith"] = "the Authorization header's scheme",
        ["Sha256CheckingStream.Verify -> String.Equals"] = "the body's SHA-256 against the one the client declared: a digest of what it sent",
        ["SigV2StringToSign.AppendAmzHeaders -> String.CompareOrdinal"] = "sorting x-amz-* header names",
        ["SigV2StringToSign.AppendAmzHeaders -> String.op_Equality"] = "grouping x-amz-* header names",
        ["SigV2StringToSign.AppendAmzHeaders -> String.Equals"] = "header names",
        ["SigV2StringToSign.AppendAmzHeaders -> String.StartsWith"] = "the x-amz- prefix of header names",
        ["SigV2StringToSign.AppendResource -> String.CompareOrdinal"] = "sorting the signed sub-resource names",
        ["SigV2StringToSign.AppendResource -> String.op_Equality"] = "sub-resource names",
        ["SigV2StringToSign.AppendResource -> String.EndsWith"] = "the virtual-host domain of the Host header",
        ["SigV4HeaderVerifier.ParseComponents -> MemoryExtensions.SequenceEqual"] = "component names: Credential, SignedHeaders, Signature",
        ["SigV4HeaderVerifier.VerifyAsync -> String.Equals"] = "x-amz-content-sha256 against the Query API body's digest",
        ["SigV4QueryVerifier.VerifyAsync -> String.op_Inequality"] = "the algorithm name, AWS4-HMAC-SHA256",
        ["SignedRequest.CheckAllAmzHeadersSigned -> String.Equals"] = "header names",
        ["SignedRequest.CheckAllAmzHeadersSigned -> String.StartsWith"] = "the x-amz- prefix of header names",
        ["SignedRequest.Contains -> String.Equals"] = "header names",
        ["SignedRequest.Verify -> String.op_Equality"] = "the raw path against its canonical form, to try the other only when they differ",
    };

    private static readonly string[] ComparerNames =
    [
        "SigV4.Matches(ReadOnlySpan`1, ReadOnlySpan`1) [chars]",
        "SigV4.Matches(ReadOnlySpan`1, ReadOnlySpan`1) [bytes]",
        "SigV2Verifier.Matches",
    ];

    public static TheoryData<string> SignatureComparers => [.. ComparerNames];

    [Theory]
    [MemberData(nameof(SignatureComparers))]
    public void SignatureComparer_UsesFixedTimeEquals_AndNoEarlyExitComparison(string comparer)
    {
        var method = Comparer(comparer);
        var calls = IlCalls.Of(method).ToList();

        // Directly, or by handing over to another of the comparers (the ASCII form converts and calls the char form).
        Assert.Contains(calls, c =>
            (c.DeclaringType == typeof(CryptographicOperations) && c.Name == nameof(CryptographicOperations.FixedTimeEquals))
            || (c != method && ComparerNames.Select(Comparer).Contains(c)));
        Assert.DoesNotContain(calls, IsEarlyExitComparison);
    }

    [Fact]
    public void AuthenticationCode_ComparesEarlyExit_OnlyWhereReviewed()
    {
        var found = new List<string>();
        foreach (var method in MethodsOf(typeof(SigV4).Assembly, "Coffer.S3.Auth"))
        {
            foreach (var call in IlCalls.Of(method).Where(IsEarlyExitComparison))
            {
                var site = $"{Describe(method)} -> {call.DeclaringType!.Name}.{call.Name}";
                if (!ReviewedComparisons.ContainsKey(site))
                {
                    found.Add(site);
                }
            }
        }

        Assert.True(found.Count == 0, "early-exit comparisons not reviewed:\n" + string.Join('\n', found.Distinct().Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void TheIlReader_FindsTheComparisonsItLooksFor()
    {
        // The scan above passes vacuously if the reader finds no calls; this method compares with both kinds.
        var calls = IlCalls.Of(typeof(ConstantTimeComparisonTests).GetMethod(nameof(CompareBothWays), BindingFlags.NonPublic | BindingFlags.Static)!).ToList();

        Assert.Contains(calls, IsEarlyExitComparison);
        Assert.Contains(calls, c => c.Name == nameof(CryptographicOperations.FixedTimeEquals));
    }

    private static bool CompareBothWays(byte[] a, byte[] b, string c, string d) =>
        a.AsSpan().SequenceEqual(b) && CryptographicOperations.FixedTimeEquals(a, b) && c == d;

    /// <summary>Comparisons that stop at the first difference: fine for public values, not for signatures.</summary>
    private static bool IsEarlyExitComparison(MethodBase call) =>
        (call.DeclaringType == typeof(MemoryExtensions) && call.Name is "SequenceEqual" or "SequenceCompareTo" or "Equals" or "StartsWith" or "EndsWith")
        || (call.DeclaringType == typeof(Enumerable) && call.Name == "SequenceEqual")
        || (call.DeclaringType == typeof(string) && call.Name is "Equals" or "op_Equality" or "op_Inequality" or "Compare" or "CompareOrdinal" or "CompareTo" or "StartsWith" or "EndsWith");

    private static MethodInfo Comparer(string name)
    {
        var flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static;
        return name switch
        {
            "SigV4.Matches(ReadOnlySpan`1, ReadOnlySpan`1) [chars]" => typeof(SigV4).GetMethod(nameof(SigV4.Matches), flags, [typeof(ReadOnlySpan<byte>), typeof(ReadOnlySpan<char>)])!,
            "SigV4.Matches(ReadOnlySpan`1, ReadOnlySpan`1) [bytes]" => typeof(SigV4).GetMethod(nameof(SigV4.Matches), flags, [typeof(ReadOnlySpan<byte>), typeof(ReadOnlySpan<byte>)])!,
            "SigV2Verifier.Matches" => typeof(SigV2Verifier).GetMethod(nameof(SigV2Verifier.Matches), flags)!,
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }

    /// <summary>Every method with a body in the namespace, compiler-generated ones (lambdas, async state machines) included.</summary>
    private static IEnumerable<MethodBase> MethodsOf(Assembly assembly, string ns)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        foreach (var type in assembly.GetTypes().Where(t => t.Namespace == ns))
        {
            foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                if (method.GetMethodBody() is not null)
                {
                    yield return method;
                }
            }
        }
    }

    private static string Describe(MethodBase method)
    {
        var type = method.DeclaringType!;
        var outer = type;
        while (outer.DeclaringType is not null)
        {
            outer = outer.DeclaringType;
        }

        // An async method's body lives in a nested state machine named <Method>d__N, a lambda in a method
        // named <Method>b__N: name the method they were written in.
        static string Inside(string generated) => generated[1..generated.IndexOf('>', StringComparison.Ordinal)];
        var name = method.Name.StartsWith('<') ? Inside(method.Name) : type != outer && type.Name.StartsWith('<') && !type.Name.StartsWith("<>", StringComparison.Ordinal) ? Inside(type.Name) : method.Name;
        return $"{outer.Name}.{name}";
    }

    /// <summary>
    /// The methods a method's IL calls: enough of an IL reader to step over each instruction's operand.
    /// Hand-written because the runtime decodes no instruction streams for us (System.Reflection.Metadata
    /// gives the opcodes but not a walk over them), and a decompiler package would be a large dependency
    /// for one loop over bytes.
    /// </summary>
    private static class IlCalls
    {
        private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (OpCode)f.GetValue(null)!)
            .ToDictionary(o => o.Value);

        public static IEnumerable<MethodBase> Of(MethodBase method)
        {
            var il = method.GetMethodBody()?.GetILAsByteArray() ?? [];
            var typeArguments = method.DeclaringType is { IsGenericType: true } t ? t.GetGenericArguments() : null;
            var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
            var position = 0;
            while (position < il.Length)
            {
                short value = il[position++];
                if (value == 0xFE)
                {
                    value = (short)(0xFE00 | il[position++]);
                }

                var opCode = OpCodesByValue[value];
                if (opCode.OperandType == OperandType.InlineMethod)
                {
                    var token = BitConverter.ToInt32(il, position);
                    MethodBase? callee = null;
                    try
                    {
                        callee = method.Module.ResolveMethod(token, typeArguments, methodArguments);
                    }
                    catch (ArgumentException)
                    {
                        // A generic context this reader does not reconstruct; such calls are not comparisons.
                    }

                    if (callee is not null)
                    {
                        yield return callee;
                    }
                }

                position += OperandSize(opCode, il, position);
            }
        }

        private static int OperandSize(OpCode opCode, byte[] il, int position) => opCode.OperandType switch
        {
            OperandType.InlineNone => 0,
            OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
            OperandType.InlineVar => 2,
            OperandType.InlineI8 or OperandType.InlineR => 8,
            OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, position)),
            _ => 4,
        };
    }
}

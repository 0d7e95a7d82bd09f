using System.Security.Cryptography;
using System.Text;

namespace Coffer.Bench.Micro.Auth;

// A client-side SigV4 signer for the few simple requests the benchmarks send (unreserved characters only,
// so no encoding rules are needed). Written apart from the server's code on purpose: a benchmark signed
// by the code it measures could not notice that code going wrong.
internal static class BenchmarkSigner
{
    public static string Sign(string secret, string date, string region, string canonicalRequest, string timestamp)
    {
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), date);
        key = Hmac(key, region);
        key = Hmac(key, "s3");
        key = Hmac(key, "aws4_request");
        var hashedRequest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)));
        var stringToSign = $"AWS4-HMAC-SHA256\n{timestamp}\n{date}/{region}/s3/aws4_request\n{hashedRequest}";
        return Convert.ToHexStringLower(Hmac(key, stringToSign));
    }

    private static byte[] Hmac(byte[] key, string text) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text));
}

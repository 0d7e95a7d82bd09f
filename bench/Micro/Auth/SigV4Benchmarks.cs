using BenchmarkDotNet.Attributes;

using Coffer.S3.Auth;

using Microsoft.AspNetCore.Http;

namespace Coffer.Bench.Micro.Auth;

// What verifying a signature costs per request, from the raw request to an AuthenticatedRequest: parsing the
// Authorization header or the query, canonicalizing, hashing, the HMAC and the constant-time compare. The key
// store answers from memory, so this is the protocol's own cost; the signing key is cached after the first call.
[MemoryDiagnoser]
public class SigV4Benchmarks
{
    private RequestAuthenticator _authenticator = null!;
    private HttpContext _get = null!;
    private HttpContext _put = null!;
    private HttpContext _presigned = null!;

    [GlobalSetup]
    public void SignRequests()
    {
        _authenticator = new RequestAuthenticator(
            SignedRequests.Keys(),
            new AuthenticationOptions { Region = SignedRequests.Region },
            new FixedClock(SignedRequests.Now));
        _get = SignedRequests.HeaderSignedGet();
        _put = SignedRequests.HeaderSignedPut();
        _presigned = SignedRequests.Presigned();

        // A benchmark of a refusal would measure the error path: make sure all three are accepted.
        foreach (var context in new[] { _get, _put, _presigned })
        {
            if (_authenticator.AuthenticateAsync(context, CancellationToken.None).GetAwaiter().GetResult().IsAnonymous)
            {
                throw new InvalidOperationException("The benchmark request was not recognised as signed.");
            }
        }
    }

    [Benchmark(Description = "SigV4 header, GET")]
    public Task<AuthenticatedRequest> HeaderSignedGet() => _authenticator.AuthenticateAsync(_get, CancellationToken.None);

    [Benchmark(Description = "SigV4 header, PUT UNSIGNED-PAYLOAD")]
    public Task<AuthenticatedRequest> HeaderSignedPut() => _authenticator.AuthenticateAsync(_put, CancellationToken.None);

    [Benchmark(Description = "SigV4 presigned URL, GET")]
    public Task<AuthenticatedRequest> PresignedGet() => _authenticator.AuthenticateAsync(_presigned, CancellationToken.None);
}

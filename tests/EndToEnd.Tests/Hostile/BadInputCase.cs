namespace Coffer.EndToEnd.Tests.Hostile;

/// <summary>
/// One row of the bad-input table: a hostile request and S3's exact answer to it (or, for a call of the JSON-protocol
/// key service on the same endpoint, KMS's).
/// </summary>
/// <param name="Name">What is wrong with the request; the theory's row name.</param>
/// <param name="Build">The request, built against the world's bucket.</param>
/// <param name="Status">The HTTP status S3 answers with.</param>
/// <param name="Code">The &lt;Error&gt;&lt;Code&gt; S3 answers with; null for a HEAD, or for a refusal by the HTTP server itself, before S3 reads the request.</param>
/// <param name="WholeObject">The answer is 200 with the whole target object (S3 ignores what it cannot use).</param>
/// <param name="JsonError">The answer is a KMS error, application/x-amz-json-1.1: <paramref name="Code"/> is its <c>__type</c>, and an S3 XML error would be wrong.</param>
public sealed record BadInputCase(string Name, Func<HostileInputWorld, RawRequest> Build, int Status, string? Code, bool WholeObject = false, bool JsonError = false)
{
    public override string ToString() => Name;
}

namespace Coffer.EndToEnd.Tests.Hostile;

/// <summary>
/// One row of the bad-input table: a hostile request and S3's exact answer to it.
/// </summary>
/// <param name="Name">What is wrong with the request; the theory's row name.</param>
/// <param name="Build">The request, built against the world's bucket.</param>
/// <param name="Status">The HTTP status S3 answers with.</param>
/// <param name="Code">The &lt;Error&gt;&lt;Code&gt; S3 answers with; null for a HEAD, or for a refusal by the HTTP server itself, before S3 reads the request.</param>
/// <param name="WholeObject">The answer is 200 with the whole target object (S3 ignores what it cannot use).</param>
public sealed record BadInputCase(string Name, Func<HostileInputWorld, RawRequest> Build, int Status, string? Code, bool WholeObject = false)
{
    public override string ToString() => Name;
}

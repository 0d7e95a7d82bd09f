using Coffer.Torture.Model;

namespace Coffer.Torture.Verification;

/// <summary>What a GET returned: the body's length and SHA-256, and the ETag without its quotes; and how a HEAD says it is sealed.</summary>
public sealed record FoundObject(long Length, string Sha256, string ETag)
{
    public Sealing Sealing { get; init; } = Sealing.None;
}

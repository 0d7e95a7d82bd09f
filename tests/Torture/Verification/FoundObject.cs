namespace Coffer.Torture.Verification;

/// <summary>What a GET returned: the body's length and SHA-256, and the ETag without its quotes.</summary>
public sealed record FoundObject(long Length, string Sha256, string ETag);

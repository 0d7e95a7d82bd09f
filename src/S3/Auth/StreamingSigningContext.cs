namespace Coffer.S3.Auth;

/// <summary>
/// What a verified header signature hands to the aws-chunked decoder: the key and scope that signed the
/// headers, and the headers' own signature, which seeds the chain of chunk signatures.
/// </summary>
internal sealed record StreamingSigningContext(
    string AccessKeyId,
    byte[] SigningKey,
    string Timestamp,
    string Scope,
    string SeedSignature);

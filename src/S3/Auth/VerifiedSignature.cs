namespace Coffer.S3.Auth;

/// <summary>A signature that checked out: who signed, what the body promises, and how to verify a streaming body.</summary>
internal sealed record VerifiedSignature(
    AccessKeyCredentials Credentials,
    PayloadHash Payload,
    StreamingSigningContext? Streaming, string Service = SigV4.Service);

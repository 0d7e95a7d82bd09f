namespace Coffer.Engine.Kms;

/// <summary>
/// One version of a key's material: 32 random bytes, stored only wrapped by the server's master key. Rotation adds a
/// version and encrypts with the newest; every version stays, so what older versions encrypted still decrypts.
/// </summary>
/// <param name="Version">1 for the material the key was created with, then one more per rotation.</param>
/// <param name="Wrapped">The material wrapped by the master keyring, bound to the key id and version.</param>
public sealed record KmsKeyMaterial(string KeyId, int Version, byte[] Wrapped, DateTimeOffset Created);

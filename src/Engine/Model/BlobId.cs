using System.Security.Cryptography;

namespace Coffer.Engine.Model;

/// <summary>
/// The immutable name of a blob: 32 lowercase hex characters, random, never derived from a key.
/// </summary>
public readonly record struct BlobId(string Value)
{
    public static BlobId New() => new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));

    public static bool IsWellFormed(string text) =>
        text.Length == 32 && text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    public override string ToString() => Value;
}

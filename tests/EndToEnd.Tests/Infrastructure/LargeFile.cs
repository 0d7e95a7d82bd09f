using System.Security.Cryptography;

namespace Coffer.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Files too large to want in memory, written and hashed a piece at a time, so a test can compare
/// what went up with what came down by their SHA-256 alone.
/// </summary>
public static class LargeFile
{
    private const int PieceSize = 1024 * 1024;

    /// <summary>Writes length random bytes to path and returns their SHA-256 in lower-case hex.</summary>
    public static async Task<string> WriteRandomAsync(string path, long length)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var piece = new byte[PieceSize];
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, PieceSize, useAsync: true))
        {
            for (var written = 0L; written < length; written += PieceSize)
            {
                var size = (int)Math.Min(PieceSize, length - written);
                RandomNumberGenerator.Fill(piece.AsSpan(0, size));
                hash.AppendData(piece, 0, size);
                await file.WriteAsync(piece.AsMemory(0, size));
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public static async Task<string> Sha256Async(string path)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, PieceSize, useAsync: true);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file));
    }
}

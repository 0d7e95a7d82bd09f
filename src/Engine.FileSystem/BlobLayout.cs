using Coffer.Engine.Model;

namespace Coffer.Engine.FileSystem;

/// <summary>
/// Where blobs live under the root: committed blobs at <c>ab/cd/abcd…</c> (two levels of 256
/// folders, so no folder grows past what directory lookups handle well), writers' temporary
/// files in <c>tmp/</c>. Every path is built here, and only from a well-formed <see cref="BlobId"/>,
/// so nothing a client sends can ever name a file.
/// </summary>
internal sealed class BlobLayout
{
    public const string TempSuffix = ".tmp";

    public BlobLayout(string root)
    {
        Root = Path.GetFullPath(root);
        TempDirectory = Path.Combine(Root, "tmp");
    }

    public string Root { get; }

    public string TempDirectory { get; }

    /// <summary>The first fan-out level, e.g. "ab" for "abcd…".</summary>
    public static string OuterName(BlobId id) => Checked(id)[..2];

    /// <summary>The second fan-out level, e.g. "cd" for "abcd…".</summary>
    public static string InnerName(BlobId id) => Checked(id)[2..4];

    public string OuterDirectoryOf(BlobId id) => Path.Combine(Root, OuterName(id));

    public string DirectoryOf(BlobId id) => Path.Combine(Root, OuterName(id), InnerName(id));

    public string PathOf(BlobId id) => Path.Combine(DirectoryOf(id), Checked(id));

    public string TempPathOf(BlobId id) => Path.Combine(TempDirectory, Checked(id) + TempSuffix);

    /// <summary>True when <paramref name="name"/> is a two-character fan-out folder name.</summary>
    public static bool IsFanOutName(string name) =>
        name.Length == 2 && name.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    private static string Checked(BlobId id)
    {
        if (id.Value is null || !BlobId.IsWellFormed(id.Value))
        {
            throw new ArgumentException($"'{id.Value}' is not a well-formed blob id.", nameof(id));
        }

        return id.Value;
    }
}

namespace Coffer.S3.Forms;

/// <summary>
/// A POST upload form as far as its file: the fields before it (names case-insensitive, in form
/// order, first occurrence kept) and the file part, still unread. S3 ignores fields after the file.
/// </summary>
/// <param name="Fields">Every field before the file part.</param>
/// <param name="File">The file's bytes, streamed from the request as they are read; see <see cref="PostFileStream"/>.</param>
/// <param name="FileName">The file part's filename parameter (empty when none), which replaces <c>${filename}</c> in the key.</param>
internal sealed record PostForm(IReadOnlyDictionary<string, string> Fields, PostFileStream File, string FileName)
{
    public string? Field(string name) => Fields.TryGetValue(name, out var value) ? value : null;
}

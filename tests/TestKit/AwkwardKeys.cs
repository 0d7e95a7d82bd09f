namespace Coffer.TestKit;

/// <summary>
/// Keys that break naive servers: path tricks, encodings, non-ASCII. Every one is a legal S3 key
/// and must round-trip byte for byte without ever becoming a filesystem path.
/// </summary>
public static class AwkwardKeys
{
    public const string ParentTraversal = "../x";
    public const string DeepTraversal = "../../etc/passwd";
    public const string DoubleSlash = "a//b";
    public const string LeadingSlash = "/lead";
    public const string TrailingSlash = "folder/";
    public const string Spaces = "with space/and  two";
    public const string Percent = "100%/done%20not-decoded";
    public const string Plus = "a+b=c&d";
    public const string Emoji = "photos/😀/🐱.jpg";
    public const string Accents = "café/naïve-résumé";
    public const string Cjk = "文件/数据.txt";
    public const string DotSegments = "./a/./b/../c";
    public const string Question = "what?is=this#frag";
    public const string Backslash = "back\\slash";
    public const string Tilde = "~user/file~1";

    public static readonly IReadOnlyList<string> All =
    [
        ParentTraversal, DeepTraversal, DoubleSlash, LeadingSlash, TrailingSlash, Spaces, Percent, Plus,
        Emoji, Accents, Cjk, DotSegments, Question, Backslash, Tilde,
    ];
}

using System.Text.RegularExpressions;

namespace Coffer.EndToEnd.Tests.Infrastructure;

/// <summary>One fenced shell block of a Markdown file: where its fence opens, what it says, and why it is not run, if it is not.</summary>
public sealed record ShellBlock(int Line, string Text, string? SkipReason);

/// <summary>
/// The fenced shell blocks (```sh, ```bash, ```shell) of a Markdown document, in order. A block the
/// README test must not run is marked on the nearest non-blank line before its fence with
/// <c>&lt;!-- readme-test: skip (why) --&gt;</c>, which renders as nothing. A marker that is
/// malformed, or stands before anything but a shell fence, is an error rather than silently
/// ignored: either would leave a block run or skipped by mistake.
/// </summary>
public static partial class ReadmeShellBlocks
{
    private static readonly string[] ShellLanguages = ["sh", "bash", "shell"];

    public static IReadOnlyList<ShellBlock> Parse(string markdown)
    {
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        var blocks = new List<ShellBlock>();
        string? pendingSkip = null;
        var pendingSkipLine = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.StartsWith("<!--", StringComparison.Ordinal) && line.Contains("readme-test", StringComparison.Ordinal))
            {
                var marker = SkipMarker().Match(line);
                if (!marker.Success)
                {
                    throw new FormatException($"line {i + 1}: a readme-test marker reads <!-- readme-test: skip (why) -->, not: {line}");
                }

                pendingSkip = marker.Groups["reason"].Value.Trim();
                pendingSkipLine = i + 1;
                continue;
            }

            if (line.Length == 0)
            {
                continue;
            }

            if (!line.StartsWith("```", StringComparison.Ordinal))
            {
                RequireNoPendingSkip(pendingSkip, pendingSkipLine);
                continue;
            }

            // A fence: read to its end, whatever the language, so that a fence inside it is not taken for one.
            var language = line[3..].Trim();
            var start = i;
            var body = new List<string>();
            for (i++; i < lines.Length && lines[i].Trim() != "```"; i++)
            {
                body.Add(lines[i]);
            }

            if (i == lines.Length)
            {
                throw new FormatException($"line {start + 1}: the fence opened here is never closed");
            }

            if (ShellLanguages.Contains(language, StringComparer.Ordinal))
            {
                blocks.Add(new ShellBlock(start + 1, string.Join('\n', body) + "\n", pendingSkip));
            }
            else
            {
                RequireNoPendingSkip(pendingSkip, pendingSkipLine);
            }

            pendingSkip = null;
        }

        RequireNoPendingSkip(pendingSkip, pendingSkipLine);
        return blocks;
    }

    private static void RequireNoPendingSkip(string? pendingSkip, int line)
    {
        if (pendingSkip is not null)
        {
            throw new FormatException($"line {line}: a readme-test skip marker must stand just before a ```sh fence");
        }
    }

    [GeneratedRegex(@"^<!--\s*readme-test:\s*skip\s*\((?<reason>.+)\)\s*-->$")]
    private static partial Regex SkipMarker();
}

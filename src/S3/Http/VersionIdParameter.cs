using Coffer.Engine.Model;
using Coffer.S3.Errors;

namespace Coffer.S3.Http;

/// <summary>A version id as a request sends it (?versionId=, or inside x-amz-copy-source): S3's InvalidArgument when Coffer could never have issued it.</summary>
public static class VersionIdParameter
{
    /// <param name="argumentName">Where the id came from, as S3 names it in the error.</param>
    /// <param name="argumentValue">What the error quotes: the id, or the whole header it was in.</param>
    public static VersionId Parse(string text, string argumentName, string argumentValue)
    {
        if (VersionId.TryParse(text, out var id))
        {
            return id.Value;
        }

        var message = text.Length == 0 ? "Version id cannot be the empty string" : "Invalid version id specified";
        throw new S3Exception(S3Error.InvalidArgument, message, [new("ArgumentName", argumentName), new("ArgumentValue", argumentValue)]);
    }
}
